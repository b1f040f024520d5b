//! Generators for the property tests in `tests/fuzz.rs`: random text built from pieces
//! that have tripped parsers up before (case changes that alter byte lengths, byte-order
//! marks, the private-use character the markdown renderer once used internally), near-valid
//! YAML trees of the right shape for each file, near-valid CSV and markdown assembled from
//! fragments, and byte-level mutations to corrupt any of them.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};

// ---------------------------------------------------------------------------------------
// Text

/// Characters and short strings that are hard on text handling: lower-casing changes
/// their length in bytes (`İ`, the Kelvin sign, the Ohm sign, `Ⱥ`), combining marks,
/// non-breaking and zero-width spaces, a byte-order mark, the private-use character
/// U+E000, emoji joined with ZWJ, control characters and line ends.
pub const TRICKY: &[&str] = &[
    "İ",
    "\u{212A}",
    "\u{2126}",
    "Ⱥ",
    "ȿ",
    "ß",
    "ﬁ",
    "ΐ",
    "ǅ",
    "e\u{301}",
    "\u{a0}",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{E000}",
    "👩\u{200d}💻",
    "🎉",
    "\u{1F3FB}",
    "한국어",
    "日本",
    "\r",
    "\r\n",
    "\t",
    "\0",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "—",
    "–",
    "…",
    "£",
    "%",
    "\\",
    "&",
    "<",
    ">",
    "\"",
    "'",
];

/// Ordinary words, including the names Ladder's fixtures use (tables, columns, stats,
/// glossary terms), so that random text sometimes means something.
pub const WORDS: &[&str] = &[
    "staff",
    "grade",
    "seb",
    "year",
    "count",
    "lower",
    "professional",
    "SCS",
    "EO",
    "HEO/SEO",
    "2025",
    "12.5",
    "1,234",
    "-3",
    "[c]",
    "[x]",
    "Socio-economic background",
    "SEB",
    "Free school meals",
    "social mobility",
    "Social Mobility Foundation",
    "reverse mentors",
    "well-being",
    "and/or",
    "3,500+",
    "responses",
    "the",
    "of",
    "a@b.example",
    "https://example.org/x?y=1#z",
];

/// Short random text: a mix of words, tricky characters, `extra` syntax and random chars.
pub fn text_with(extra: &'static [&'static str], max: usize) -> BoxedStrategy<String> {
    let atom = prop_oneof![
        6 => select(WORDS).prop_map(str::to_string),
        3 => select(TRICKY).prop_map(str::to_string),
        3 => select(extra).prop_map(str::to_string),
        2 => any::<char>().prop_map(String::from),
        2 => "[a-zA-Z0-9 ]{1,6}",
        1 => Just(" ".to_string()),
    ];
    vec(atom, 0..=max).prop_map(|atoms| atoms.concat()).boxed()
}

/// Random text with no syntax in particular.
pub fn text(max: usize) -> BoxedStrategy<String> {
    text_with(&[" ", "-", ".", ","], max)
}

/// Pieces of YAML syntax.
pub const YAML_SYNTAX: &[&str] = &[
    ": ",
    ":",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "!!int ",
    "!x ",
    "|",
    "|-",
    ">",
    " #",
    "'",
    "\"",
    "\n---\n",
    "\n...\n",
    "? ",
    "~",
    "null",
    "<<: *a",
    "%YAML 1.2\n",
    "\\",
    "\\u00",
    "@",
    "`",
    "0x1F",
    "0o17",
    "1e999",
    "-1e999",
    ".nan",
    ".inf",
    "-.inf",
    "99999999999999999999999",
    "-9223372036854775809",
    "-0",
    "1_000",
    "2025-13-45",
    "2024-02-29",
    "yes",
    "off",
    "\n  ",
    "\n\t",
    "\n- ",
];

/// Pieces of markdown syntax.
pub const MD_SYNTAX: &[&str] = &[
    "```",
    "~~~",
    "{{",
    "}}",
    "\\{{",
    "{{ responses }}",
    "{#",
    "#",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^",
    "]:",
    "*",
    "_",
    "**",
    "~~",
    "`",
    "<",
    ">",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&nbsp;",
    "|",
    "\n---\n",
    "\n===\n",
    "\n",
    "\n\n",
    "\n    ",
    "\n1. ",
    "\n- ",
    "\n> ",
    "\n: ",
    "<!--",
    "-->",
    "<script>",
    "<div>",
    "](",
    "\\",
];

// ---------------------------------------------------------------------------------------
// Byte-level mutations

/// One random edit of a file's bytes. Positions are [`Index`]es, resolved against the
/// length of the text when the edit is applied.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Remove up to `len` bytes.
    Delete(Index, usize),
    /// Insert bytes.
    Insert(Index, Vec<u8>),
    /// Overwrite one byte.
    Replace(Index, u8),
    /// Cut the file here.
    Truncate(Index),
    /// Repeat the line holding this byte.
    DuplicateLine(Index),
    /// Remove the line holding this byte.
    DeleteLine(Index),
    /// Swap the line holding this byte with the next one.
    SwapLines(Index),
    /// Put this text at the start of the line holding this byte (indentation).
    Indent(Index, &'static str),
}

fn syntax_bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        3 => select(YAML_SYNTAX).prop_map(|s| s.as_bytes().to_vec()),
        3 => select(MD_SYNTAX).prop_map(|s| s.as_bytes().to_vec()),
        2 => select(TRICKY).prop_map(|s| s.as_bytes().to_vec()),
        1 => select(&[",", "\"", "\"\"", ";", "\n", "\r\n", ",\n"])
            .prop_map(|s| s.as_bytes().to_vec()),
        2 => vec(any::<u8>(), 1..4),
    ]
    .boxed()
}

pub fn edit() -> BoxedStrategy<Edit> {
    prop_oneof![
        3 => (any::<Index>(), 1..8usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        4 => (any::<Index>(), syntax_bytes()).prop_map(|(i, b)| Edit::Insert(i, b)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Replace(i, b)),
        1 => any::<Index>().prop_map(Edit::Truncate),
        1 => any::<Index>().prop_map(Edit::DuplicateLine),
        1 => any::<Index>().prop_map(Edit::DeleteLine),
        1 => any::<Index>().prop_map(Edit::SwapLines),
        1 => (any::<Index>(), select(&[" ", "  ", "\t", "    ", "- ", "#"]))
            .prop_map(|(i, s)| Edit::Indent(i, s)),
    ]
    .boxed()
}

/// Up to `max` edits.
pub fn edits(max: usize) -> BoxedStrategy<Vec<Edit>> {
    vec(edit(), 0..=max).boxed()
}

/// The line (start, end including its `\n`) holding byte `at`.
fn line_around(bytes: &[u8], at: usize) -> (usize, usize) {
    let start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |p| p + 1);
    let end = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| at + p + 1);
    (start, end)
}

/// Applies `edits` to `bytes`, in order.
pub fn apply(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for edit in edits {
        // A position in 0..=len (an insertion point), or 0..len for a byte.
        let point = |i: &Index, len: usize| i.index(len + 1);
        let len = out.len();
        match edit {
            Edit::Delete(i, n) => {
                if len > 0 {
                    let at = i.index(len);
                    let end = (at + n).min(len);
                    out.drain(at..end);
                }
            }
            Edit::Insert(i, insert) => {
                let at = point(i, len);
                out.splice(at..at, insert.iter().copied());
            }
            Edit::Replace(i, b) => {
                if len > 0 {
                    let at = i.index(len);
                    out[at] = *b;
                }
            }
            Edit::Truncate(i) => out.truncate(point(i, len)),
            Edit::DuplicateLine(i) => {
                if len > 0 {
                    let (start, end) = line_around(&out, i.index(len));
                    let mut line = out[start..end].to_vec();
                    if !line.ends_with(b"\n") {
                        line.insert(0, b'\n');
                    }
                    out.splice(end..end, line);
                }
            }
            Edit::DeleteLine(i) => {
                if len > 0 {
                    let (start, end) = line_around(&out, i.index(len));
                    out.drain(start..end);
                }
            }
            Edit::SwapLines(i) => {
                if len > 0 {
                    let (start, end) = line_around(&out, i.index(len));
                    if end < len {
                        let (_, next_end) = line_around(&out, end);
                        let first = out[start..end].to_vec();
                        let second = out[end..next_end].to_vec();
                        if second.ends_with(b"\n") {
                            let swapped: Vec<u8> = second.into_iter().chain(first).collect();
                            out.splice(start..next_end, swapped);
                        }
                    }
                }
            }
            Edit::Indent(i, s) => {
                let at = point(i, len);
                let start = out[..at]
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(0, |p| p + 1);
                out.splice(start..start, s.bytes());
            }
        }
    }
    out
}

/// Applies `edits` to text, keeping it text (invalid UTF-8 becomes U+FFFD).
pub fn apply_text(text: &str, edits: &[Edit]) -> String {
    String::from_utf8_lossy(&apply(text.as_bytes(), edits)).into_owned()
}

// ---------------------------------------------------------------------------------------
// YAML trees

/// A YAML value to be written out in one of several styles.
#[derive(Debug, Clone)]
pub enum Y {
    Scalar(String, Quote),
    Seq(Vec<Y>, bool),
    Map(Vec<(String, Y)>, bool),
}

/// How a scalar is written.
#[derive(Debug, Clone, Copy)]
pub enum Quote {
    /// As it is: may break the YAML, which is the point.
    Plain,
    Single,
    Double,
    /// A `|` block.
    Literal,
}

fn quote() -> BoxedStrategy<Quote> {
    prop_oneof![
        6 => Just(Quote::Plain),
        2 => Just(Quote::Single),
        3 => Just(Quote::Double),
        1 => Just(Quote::Literal),
    ]
    .boxed()
}

/// A scalar from `pool` (most of the time) or random text, in a random style.
pub fn scalar_from(pool: &'static [&'static str]) -> BoxedStrategy<Y> {
    let value = prop_oneof![
        6 => select(pool).prop_map(str::to_string),
        2 => select(SCALARS).prop_map(str::to_string),
        2 => text_with(YAML_SYNTAX, 4),
    ];
    (value, quote()).prop_map(|(v, q)| Y::Scalar(v, q)).boxed()
}

/// Scalars of every type YAML knows, and some that look like one but are not.
pub const SCALARS: &[&str] = &[
    "0",
    "1",
    "-1",
    "10",
    "2025",
    "1899",
    "2201",
    "12.5",
    "-0.0",
    "1e308",
    "1e-320",
    "9223372036854775807",
    "18446744073709551616",
    "true",
    "false",
    "~",
    "null",
    "",
    " ",
    "2025-10-01",
    "2024-02-29",
    "2025-02-29",
    "2025-1-1",
    "0000-01-01",
    "-2025-01-01",
    "99999-12-31",
    "[c]",
    "[x]",
    "[z]",
    "[low]",
    "[u]",
    "-",
    "NaN",
    "inf",
];

/// A mapping whose entries come from `entries` (each a key and its value), written in
/// block or flow style.
pub fn map_of(entries: BoxedStrategy<(String, Y)>, max: usize) -> BoxedStrategy<Y> {
    (vec(entries, 0..=max), prop::bool::weighted(0.2))
        .prop_map(|(entries, flow)| Y::Map(entries, flow))
        .boxed()
}

/// A list of values from `items`, written in block or flow style.
pub fn seq_of(items: BoxedStrategy<Y>, max: usize) -> BoxedStrategy<Y> {
    (vec(items, 0..=max), prop::bool::weighted(0.3))
        .prop_map(|(items, flow)| Y::Seq(items, flow))
        .boxed()
}

/// A key from `known` (mostly), a misspelling of one, or random text.
pub fn key_from(known: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        8 => select(known).prop_map(str::to_string),
        1 => (select(known), any::<Index>(), any::<char>()).prop_map(|(k, i, c)| {
            // A typo: one character changed.
            let mut chars: Vec<char> = k.chars().collect();
            if !chars.is_empty() {
                let at = i.index(chars.len());
                chars[at] = c;
            }
            chars.into_iter().collect()
        }),
        1 => text_with(YAML_SYNTAX, 2),
    ]
    .boxed()
}

/// An entry `key: value` with a fixed key.
pub fn entry(key: &'static str, value: BoxedStrategy<Y>) -> BoxedStrategy<(String, Y)> {
    value.prop_map(move |v| (key.to_string(), v)).boxed()
}

/// Any YAML value at all, up to a small depth, with keys from `keys` and scalars from
/// `pool`.
pub fn any_yaml(keys: &'static [&'static str], pool: &'static [&'static str]) -> BoxedStrategy<Y> {
    scalar_from(pool)
        .prop_recursive(3, 24, 4, move |inner| {
            prop_oneof![
                map_of((key_from(keys), inner.clone()).boxed(), 4),
                seq_of(inner, 4),
            ]
        })
        .boxed()
}

fn write_scalar(out: &mut String, value: &str, quote: Quote, indent: usize) {
    match quote {
        Quote::Plain => out.push_str(value),
        Quote::Single => {
            out.push('\'');
            out.push_str(&value.replace('\'', "''"));
            out.push('\'');
        }
        Quote::Double => {
            // A JSON string is a valid YAML double-quoted scalar.
            out.push_str(&serde_json::to_string(value).unwrap_or_default());
        }
        Quote::Literal => {
            out.push_str("|\n");
            for line in value.split('\n') {
                out.push_str(&" ".repeat(indent + 2));
                out.push_str(line);
                out.push('\n');
            }
            // The caller adds a line end after every scalar.
            out.pop();
        }
    }
}

fn write_flow(out: &mut String, y: &Y) {
    match y {
        Y::Scalar(v, q) => {
            // A literal block cannot be written in flow style.
            let q = if matches!(q, Quote::Literal) {
                Quote::Double
            } else {
                *q
            };
            write_scalar(out, v, q, 0);
        }
        Y::Seq(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flow(out, item);
            }
            out.push(']');
        }
        Y::Map(entries, _) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push_str(": ");
                write_flow(out, v);
            }
            out.push('}');
        }
    }
}

/// Writes `y` as a block at `indent` spaces; every line ends with `\n`.
fn write_block(out: &mut String, y: &Y, indent: usize) {
    let pad = " ".repeat(indent);
    match y {
        Y::Scalar(v, q) => {
            out.push_str(&pad);
            write_scalar(out, v, *q, indent);
            out.push('\n');
        }
        Y::Seq(items, flow) if *flow || items.is_empty() => {
            out.push_str(&pad);
            write_flow(out, y);
            out.push('\n');
        }
        Y::Map(entries, flow) if *flow || entries.is_empty() => {
            out.push_str(&pad);
            write_flow(out, y);
            out.push('\n');
        }
        Y::Seq(items, _) => {
            for item in items {
                match item {
                    Y::Scalar(..) => {
                        out.push_str(&pad);
                        out.push_str("- ");
                        let mut s = String::new();
                        write_block(&mut s, item, indent + 2);
                        out.push_str(s.trim_start_matches(' '));
                    }
                    _ => {
                        // The compact form `- key: value` with the rest of the block under it.
                        let mut s = String::new();
                        write_block(&mut s, item, indent + 2);
                        out.push_str(&pad);
                        out.push_str("- ");
                        out.push_str(&s[(indent + 2).min(s.len())..]);
                    }
                }
            }
        }
        Y::Map(entries, _) => {
            for (k, v) in entries {
                out.push_str(&pad);
                out.push_str(k);
                out.push(':');
                match v {
                    Y::Scalar(value, q) => {
                        out.push(' ');
                        write_scalar(out, value, *q, indent);
                        out.push('\n');
                    }
                    Y::Seq(items, flow) if *flow || items.is_empty() => {
                        out.push(' ');
                        write_flow(out, v);
                        out.push('\n');
                    }
                    Y::Map(items, flow) if *flow || items.is_empty() => {
                        out.push(' ');
                        write_flow(out, v);
                        out.push('\n');
                    }
                    _ => {
                        out.push('\n');
                        write_block(out, v, indent + 2);
                    }
                }
            }
        }
    }
}

/// A plain scalar.
fn plain(s: &str) -> Y {
    Y::Scalar(s.to_string(), Quote::Plain)
}

/// The YAML text of `y`.
pub fn yaml_text(y: &Y) -> String {
    let mut out = String::new();
    write_block(&mut out, y, 0);
    out
}

/// Near-valid YAML text: `y` written out, then a few random edits.
pub fn near_yaml(y: BoxedStrategy<Y>, max_edits: usize) -> BoxedStrategy<String> {
    (y, edits(max_edits))
        .prop_map(|(y, edits)| apply_text(&yaml_text(&y), &edits))
        .boxed()
}

// ---------------------------------------------------------------------------------------
// The YAML of each file

/// Names of the tables of `tests/fixtures/charts` and a few that do not exist.
pub const TABLES: &[&str] = &[
    "workforce",
    "pay",
    "survey",
    "attitudes",
    "applications",
    "networks",
    "missing",
    "Workforce",
    "",
];
/// Column names of those tables, and a few that do not exist.
pub const COLUMNS: &[&str] = &[
    "year",
    "grade",
    "seb",
    "count",
    "headcount",
    "median_pay",
    "question",
    "answer",
    "stage",
    "network",
    "Grade",
    "nope",
    "",
];
/// Values of those columns.
pub const VALUES: &[&str] = &[
    "2024",
    "2025",
    "EO",
    "SCS",
    "G7/G6",
    "HEO/SEO",
    "AA/AO",
    "lower",
    "professional",
    "intermediate",
    "Prefer not to say",
    "Offer",
    "Application",
    "Agree",
    "Strongly agree",
    "Social mobility network",
];
/// The stats of `tests/fixtures/charts/report.yaml`, and names that are not stats.
pub const STATS: &[&str] = &[
    "responses",
    "lower_share_scs",
    "lower_share_change",
    "lower_share_heo",
    "lower_share_heo_change",
    "eo_pay",
    "scs_lower_pay",
    "scs_unsure",
    "offers",
    "unknown_stat",
    "",
    "Responses",
];

fn where_map() -> BoxedStrategy<Y> {
    let value = prop_oneof![
        3 => scalar_from(VALUES),
        1 => seq_of(scalar_from(VALUES), 3),
        1 => any_yaml(COLUMNS, VALUES),
    ]
    .boxed();
    map_of((key_from(COLUMNS), value).boxed(), 3)
}

fn benchmark_map() -> BoxedStrategy<Y> {
    map_of(
        (
            key_from(VALUES),
            scalar_from(&["39", "0", "-5", "100", "1e9", "x", "[c]"]),
        )
            .boxed(),
        3,
    )
}

const CHART_KEYS: &[&str] = &[
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
const KINDS: &[&str] = &[
    "bar",
    "stacked-bar",
    "grouped-bar",
    "line",
    "diverging",
    "pie",
    "Bar",
    "stacked_bar",
    "",
];
const SHOW: &[&str] = &["count", "share", "value", "percent", ""];

/// The YAML of a `chart` block: mostly valid keys with values of the right kind.
pub fn chart_yaml() -> BoxedStrategy<Y> {
    let entry_ = prop_oneof![
        3 => entry("type", scalar_from(KINDS)),
        2 => entry("title", scalar_from(WORDS)),
        3 => entry("data", scalar_from(TABLES)),
        2 => entry("where", where_map()),
        3 => entry("x", scalar_from(COLUMNS)),
        2 => entry("group", scalar_from(COLUMNS)),
        1 => entry("value", scalar_from(COLUMNS)),
        2 => entry("show", scalar_from(SHOW)),
        1 => entry("benchmark", benchmark_map()),
        1 => entry("source", scalar_from(WORDS)),
        1 => entry("alt", scalar_from(WORDS)),
        1 => (key_from(CHART_KEYS), any_yaml(COLUMNS, VALUES)).boxed(),
    ]
    .boxed();
    map_of(entry_, 9)
}

/// A valid-looking chart of the charts fixture, for a start closer to what renders.
pub fn good_chart_yaml() -> BoxedStrategy<Y> {
    (
        select(&["bar", "stacked-bar", "grouped-bar", "line", "diverging"]),
        select(&[
            "workforce",
            "pay",
            "survey",
            "attitudes",
            "applications",
            "networks",
        ]),
        select(COLUMNS),
        proptest::option::of(select(COLUMNS)),
        proptest::option::of(select(&["count", "share", "value"])),
        proptest::option::of(where_map()),
        proptest::option::of(benchmark_map()),
    )
        .prop_map(|(kind, data, x, group, show, filter, benchmark)| {
            let mut entries = vec![
                ("type".to_string(), plain(kind)),
                ("title".to_string(), plain("A chart")),
                ("data".to_string(), plain(data)),
                ("x".to_string(), plain(x)),
            ];
            if let Some(group) = group {
                entries.push(("group".to_string(), plain(group)));
            }
            if let Some(show) = show {
                entries.push(("show".to_string(), plain(show)));
            }
            if let Some(filter) = filter {
                entries.push(("where".to_string(), filter));
            }
            if let Some(benchmark) = benchmark {
                entries.push(("benchmark".to_string(), benchmark));
            }
            Y::Map(entries, false)
        })
        .boxed()
}

/// The YAML of a `figures` block: a list of `{value|stat, label}`.
pub fn figures_yaml() -> BoxedStrategy<Y> {
    let item_entry = prop_oneof![
        2 => entry("value", scalar_from(&["3,500+", "52", "1 in 3", "12%"])),
        2 => entry("stat", scalar_from(STATS)),
        3 => entry("label", scalar_from(WORDS)),
        1 => (key_from(&["value", "stat", "label"]), any_yaml(COLUMNS, VALUES)).boxed(),
    ]
    .boxed();
    prop_oneof![
        6 => seq_of(map_of(item_entry, 3), 4),
        1 => any_yaml(&["value", "stat", "label"], STATS),
    ]
    .boxed()
}

/// The YAML of a `timeline` block: a list of `{date, label}`.
pub fn timeline_yaml() -> BoxedStrategy<Y> {
    let item_entry = prop_oneof![
        3 => entry("date", scalar_from(SCALARS)),
        3 => entry("label", scalar_from(WORDS)),
        1 => (key_from(&["date", "label"]), any_yaml(COLUMNS, VALUES)).boxed(),
    ]
    .boxed();
    prop_oneof![
        6 => seq_of(map_of(item_entry, 3), 4),
        1 => any_yaml(&["date", "label"], SCALARS),
    ]
    .boxed()
}

const REPORT_KEYS: &[&str] = &[
    "title",
    "organisation",
    "year",
    "published",
    "language",
    "theme",
    "base_url",
    "allow_html",
    "disclosure",
    "groups",
    "labels",
    "order",
    "stats",
];
const STAT_KEYS: &[&str] = &[
    "data", "where", "sum", "share", "value", "declared", "change",
];

fn stat_yaml() -> BoxedStrategy<Y> {
    let entry_ = prop_oneof![
        3 => entry("data", scalar_from(TABLES)),
        2 => entry("where", where_map()),
        2 => entry("sum", scalar_from(COLUMNS)),
        2 => entry("share", map_of((key_from(COLUMNS), scalar_from(VALUES)).boxed(), 2)),
        1 => entry("value", scalar_from(COLUMNS)),
        1 => entry("declared", scalar_from(COLUMNS)),
        1 => entry("change", scalar_from(COLUMNS)),
        1 => (key_from(STAT_KEYS), any_yaml(COLUMNS, VALUES)).boxed(),
    ]
    .boxed();
    prop_oneof![
        8 => map_of(entry_, 5),
        1 => any_yaml(STAT_KEYS, COLUMNS),
    ]
    .boxed()
}

/// `report.yaml`.
pub fn report_yaml() -> BoxedStrategy<Y> {
    let disclosure = map_of(
        prop_oneof![
            entry("threshold", scalar_from(&["10", "0", "3", "-1", "x"])),
            entry("round_to", scalar_from(&["0", "5", "-5", "1e3"])),
            entry("suppress_zeros", scalar_from(&["true", "false", "yes"])),
            entry("symbol", scalar_from(&["[c]", "", "*", "<b>"])),
            (
                key_from(&["threshold", "round_to", "suppress_zeros", "symbol"]),
                any_yaml(COLUMNS, SCALARS)
            )
                .boxed(),
        ]
        .boxed(),
        4,
    );
    let groups = map_of(
        (
            key_from(COLUMNS),
            map_of(
                (key_from(VALUES), seq_of(scalar_from(VALUES), 3)).boxed(),
                3,
            ),
        )
            .boxed(),
        2,
    );
    let labels = map_of(
        (
            key_from(COLUMNS),
            map_of((key_from(VALUES), scalar_from(WORDS)).boxed(), 3),
        )
            .boxed(),
        2,
    );
    let order = map_of(
        (key_from(COLUMNS), seq_of(scalar_from(VALUES), 4)).boxed(),
        2,
    );
    let stats = map_of((key_from(STATS), stat_yaml()).boxed(), 4);
    let entry_ = prop_oneof![
        3 => entry("title", scalar_from(WORDS)),
        3 => entry("organisation", scalar_from(WORDS)),
        3 => entry("year", scalar_from(SCALARS)),
        2 => entry("published", scalar_from(SCALARS)),
        1 => entry("language", scalar_from(&["en-GB", "cy", "en GB", "", "x-123456789"])),
        1 => entry("theme", scalar_from(&["default", "none", "../x"])),
        1 => entry("base_url", scalar_from(&["https://x.example/", "ftp://x", "//x", ""])),
        1 => entry("allow_html", scalar_from(&["true", "false", "1"])),
        1 => entry("disclosure", disclosure),
        1 => entry("groups", groups),
        1 => entry("labels", labels),
        1 => entry("order", order),
        2 => entry("stats", stats),
        1 => (key_from(REPORT_KEYS), any_yaml(REPORT_KEYS, SCALARS)).boxed(),
    ]
    .boxed();
    // The required keys first most of the time, then random ones.
    (prop::bool::weighted(0.8), vec(entry_, 0..8))
        .prop_map(|(required, mut rest)| {
            if required {
                let mut entries = vec![
                    ("title".to_string(), plain("Fuzz report")),
                    ("organisation".to_string(), plain("Fuzz Office")),
                    ("year".to_string(), plain("2025")),
                ];
                entries.append(&mut rest);
                Y::Map(entries, false)
            } else {
                Y::Map(rest, false)
            }
        })
        .boxed()
}

const FRONT_KEYS: &[&str] = &[
    "title",
    "weight",
    "summary",
    "draft",
    "organisation",
    "people",
    "consent",
    "figures",
    "lessons",
    "tags",
];

/// Page front matter (including the keys of case studies).
pub fn front_yaml() -> BoxedStrategy<Y> {
    let person = map_of(
        prop_oneof![
            entry("name", scalar_from(&["Priya Shah", "", " "])),
            entry("role", scalar_from(&["Network chair", ""])),
            (key_from(&["name", "role"]), scalar_from(WORDS)).boxed(),
        ]
        .boxed(),
        2,
    );
    let figure = map_of(
        prop_oneof![
            entry("value", scalar_from(&["1 in 3", "52"])),
            entry("label", scalar_from(WORDS)),
            (key_from(&["value", "label"]), scalar_from(WORDS)).boxed(),
        ]
        .boxed(),
        2,
    );
    let entry_ = prop_oneof![
        4 => entry("title", scalar_from(WORDS)),
        2 => entry("weight", scalar_from(SCALARS)),
        2 => entry("summary", scalar_from(WORDS)),
        1 => entry("draft", scalar_from(&["true", "false", "maybe"])),
        1 => entry("organisation", scalar_from(WORDS)),
        1 => entry("people", seq_of(person, 3)),
        1 => entry("consent", scalar_from(&["true", "false", "yes"])),
        1 => entry("figures", seq_of(figure, 3)),
        1 => entry("lessons", seq_of(scalar_from(WORDS), 3)),
        1 => entry("tags", seq_of(scalar_from(WORDS), 3)),
        1 => (key_from(FRONT_KEYS), any_yaml(FRONT_KEYS, SCALARS)).boxed(),
    ]
    .boxed();
    map_of(entry_, 6)
}

const GLOSSARY_KEYS: &[&str] = &["term", "abbr", "aliases", "definition", "see_also"];
const TERMS: &[&str] = &[
    "Socio-economic background",
    "Free school meals",
    "Social mobility",
    "Reverse mentoring",
    "social mobility",
    "İstanbul",
    "\u{212A}elvin",
    "",
    "C++",
];

/// `glossary.yaml`: a list of terms.
pub fn glossary_yaml() -> BoxedStrategy<Y> {
    let entry_ = prop_oneof![
        4 => entry("term", scalar_from(TERMS)),
        1 => entry("abbr", scalar_from(&["SEB", "FSM", "", "İ"])),
        1 => entry("aliases", seq_of(scalar_from(TERMS), 3)),
        3 => entry("definition", scalar_from(WORDS)),
        1 => entry("see_also", seq_of(scalar_from(TERMS), 3)),
        1 => (key_from(GLOSSARY_KEYS), any_yaml(GLOSSARY_KEYS, TERMS)).boxed(),
    ]
    .boxed();
    prop_oneof![
        8 => seq_of(map_of(entry_, 5), 5),
        1 => any_yaml(GLOSSARY_KEYS, TERMS),
    ]
    .boxed()
}

const CHECKLIST_KEYS: &[&str] = &[
    "title",
    "scale",
    "areas",
    "none",
    "limited",
    "active",
    "name",
    "items",
    "question",
    "status",
    "next_step",
    "owner",
    "due",
];
const STATUSES: &[&str] = &[
    "none", "limited", "active", "red", "amber", "green", "Active", "", "done",
];

/// `checklist.yaml`.
pub fn checklist_yaml() -> BoxedStrategy<Y> {
    let item = map_of(
        prop_oneof![
            3 => entry("question", scalar_from(WORDS)),
            3 => entry("status", scalar_from(STATUSES)),
            1 => entry("next_step", scalar_from(WORDS)),
            1 => entry("owner", scalar_from(WORDS)),
            1 => entry("due", scalar_from(SCALARS)),
            1 => (key_from(CHECKLIST_KEYS), any_yaml(CHECKLIST_KEYS, STATUSES)).boxed(),
        ]
        .boxed(),
        5,
    );
    let area = map_of(
        prop_oneof![
            2 => entry("name", scalar_from(&["Leadership", "leadership", "", "Data"])),
            3 => entry("items", seq_of(item, 4)),
            1 => (key_from(CHECKLIST_KEYS), any_yaml(CHECKLIST_KEYS, STATUSES)).boxed(),
        ]
        .boxed(),
        3,
    );
    let scale = map_of(
        prop_oneof![
            entry("none", scalar_from(WORDS)),
            entry("limited", scalar_from(WORDS)),
            entry("active", scalar_from(WORDS)),
            (key_from(CHECKLIST_KEYS), scalar_from(WORDS)).boxed(),
        ]
        .boxed(),
        3,
    );
    let entry_ = prop_oneof![
        1 => entry("title", scalar_from(WORDS)),
        1 => entry("scale", scale),
        3 => entry("areas", seq_of(area, 3)),
        1 => (key_from(CHECKLIST_KEYS), any_yaml(CHECKLIST_KEYS, STATUSES)).boxed(),
    ]
    .boxed();
    map_of(entry_, 4)
}

const SUBMISSION_KEYS: &[&str] = &[
    "scheme",
    "deadline",
    "sections",
    "title",
    "questions",
    "id",
    "prompt",
    "word_limit",
    "answer",
    "evidence",
];
const ANSWERS: &[&str] = &[
    "answers/dc1.md",
    "answers/pt1.md",
    "answers/missing.md",
    "../outside.md",
    "/etc/passwd.md",
    "index.md",
    "answers/",
    "An inline answer with [a link](who-gets-on.md) and {{ responses }}.",
    "Two\nlines.md",
    "",
];
const EVIDENCE: &[&str] = &[
    "who-gets-on.md",
    "who-gets-on.md#promotion",
    "#promotion",
    "missing.md",
    "https://example.org",
    "",
    "static/x.png",
];

/// `submissions/NAME.yaml`.
pub fn submission_yaml() -> BoxedStrategy<Y> {
    let question = map_of(
        prop_oneof![
            2 => entry("id", scalar_from(&["dc1", "DC1", "pt1", "", "q"])),
            2 => entry("prompt", scalar_from(WORDS)),
            2 => entry("word_limit", scalar_from(&["300", "0", "-1", "1", "1e3", "99999999999999999999"])),
            3 => entry("answer", scalar_from(ANSWERS)),
            1 => entry("evidence", seq_of(scalar_from(EVIDENCE), 3)),
            1 => (key_from(SUBMISSION_KEYS), any_yaml(SUBMISSION_KEYS, ANSWERS)).boxed(),
        ]
        .boxed(),
        5,
    );
    let section = map_of(
        prop_oneof![
            2 => entry("title", scalar_from(&["Data collection", "Progressing talent", "", "Leadership"])),
            3 => entry("questions", seq_of(question, 3)),
            1 => (key_from(SUBMISSION_KEYS), any_yaml(SUBMISSION_KEYS, ANSWERS)).boxed(),
        ]
        .boxed(),
        3,
    );
    let entry_ = prop_oneof![
        2 => entry("scheme", scalar_from(&["Social Mobility Employer Index 2025", "Award", ""])),
        1 => entry("deadline", scalar_from(SCALARS)),
        3 => entry("sections", seq_of(section, 3)),
        1 => (key_from(SUBMISSION_KEYS), any_yaml(SUBMISSION_KEYS, ANSWERS)).boxed(),
    ]
    .boxed();
    map_of(entry_, 4)
}

const META_KEYS: &[&str] = &["title", "source", "notes", "count", "columns"];

/// `data/NAME.meta.yaml`.
pub fn meta_yaml() -> BoxedStrategy<Y> {
    let entry_ = prop_oneof![
        1 => entry("title", scalar_from(WORDS)),
        1 => entry("source", scalar_from(WORDS)),
        1 => entry("notes", scalar_from(WORDS)),
        2 => entry("count", scalar_from(COLUMNS)),
        2 => entry("columns", map_of((key_from(COLUMNS), scalar_from(WORDS)).boxed(), 3)),
        1 => (key_from(META_KEYS), any_yaml(META_KEYS, COLUMNS)).boxed(),
    ]
    .boxed();
    map_of(entry_, 5)
}

/// `data/NAME.yaml`: a list of records.
pub fn records_yaml() -> BoxedStrategy<Y> {
    let cell = prop_oneof![
        4 => scalar_from(VALUES),
        3 => scalar_from(SCALARS),
        1 => any_yaml(COLUMNS, VALUES),
    ]
    .boxed();
    prop_oneof![
        8 => seq_of(map_of((key_from(COLUMNS), cell).boxed(), 4), 6),
        1 => any_yaml(COLUMNS, VALUES),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------
// CSV

/// One CSV field, quoted or not, sometimes badly.
fn csv_field() -> BoxedStrategy<String> {
    let value = prop_oneof![
        4 => select(VALUES).prop_map(str::to_string),
        4 => select(SCALARS).prop_map(str::to_string),
        2 => select(COLUMNS).prop_map(str::to_string),
        1 => select(&["a@b.example", "name", "email", "employee_id", "12%", "£5", "1,234", " 7 "])
            .prop_map(str::to_string),
        2 => text_with(&[",", "\"", "\n", ";", "\t", "\r\n"], 3),
    ];
    let style = select(&[0u8, 0, 0, 1, 1, 2]);
    (value, style)
        .prop_map(|(v, style)| match style {
            // Plain.
            0 => v,
            // Quoted properly.
            1 => format!("\"{}\"", v.replace('"', "\"\"")),
            // Quoted badly: an unclosed or unescaped quote.
            _ => format!("\"{v}"),
        })
        .boxed()
}

/// A CSV table: a header and rows of random width, with random line ends.
pub fn csv_text() -> BoxedStrategy<String> {
    let header = vec(
        prop_oneof![
            4 => select(COLUMNS).prop_map(str::to_string),
            1 => csv_field(),
        ],
        0..5,
    );
    let rows = vec(vec(csv_field(), 0..6), 0..8);
    let ends = select(&["\n", "\n", "\r\n", "\n\n", "\r", ",\n"]);
    (header, rows, ends, any::<bool>(), prop::bool::weighted(0.2))
        .prop_map(|(header, rows, end, final_end, separator)| {
            let sep = if separator { ";" } else { "," };
            let mut out = header.join(sep);
            for row in rows {
                out.push_str(end);
                out.push_str(&row.join(sep));
            }
            if final_end {
                out.push_str(end);
            }
            out
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------
// Markdown

const LINKS: &[&str] = &[
    "who-gets-on.md",
    "who-gets-on.md#grades",
    "who-gets-on.md#nope",
    "./pay.md",
    "index.md",
    "missing.md",
    "#grades",
    "#",
    "",
    " ",
    "../x.md",
    "../../../../etc/passwd",
    "static/x.png",
    "data/workforce.csv",
    "https://example.org/a?b#c",
    "mailto:a@b.example",
    "//example.org",
    "javascript:alert(1)",
    "JaVaScRiPt:x",
    "data:image/png;base64,AAAA",
    "a%20b.md",
    "%zz",
    "who-gets-on.md?x=1#grades",
    "<who-gets-on.md>",
    "who-gets-on",
    "/who-gets-on.md",
    "glossary/#social-mobility",
];

fn link_dest() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(LINKS).prop_map(str::to_string),
        1 => text_with(MD_SYNTAX, 3),
    ]
    .boxed()
}

fn stat_name() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(STATS).prop_map(str::to_string),
        1 => text_with(MD_SYNTAX, 2),
    ]
    .boxed()
}

/// One piece of inline markdown.
fn inline_piece() -> BoxedStrategy<String> {
    prop_oneof![
        8 => text(3),
        3 => stat_name().prop_map(|n| format!("{{{{ {n} }}}}")),
        1 => stat_name().prop_map(|n| format!("\\{{{{ {n} }}}}")),
        1 => stat_name().prop_map(|n| format!("{{{{{n}")),
        3 => (text(2), link_dest()).prop_map(|(t, d)| format!("[{t}]({d})")),
        2 => (text(2), link_dest()).prop_map(|(t, d)| format!("![{t}]({d})")),
        1 => (text(2), text(1)).prop_map(|(t, r)| format!("[{t}][{r}]")),
        1 => text(1).prop_map(|n| format!("[^{n}]")),
        1 => text(2).prop_map(|t| format!("`{t}`")),
        1 => text(2).prop_map(|t| format!("*{t}*")),
        1 => text(2).prop_map(|t| format!("**{t}**")),
        1 => select(&[
            "<b>bold</b>",
            "<script>alert(1)</script>",
            "<a href=\"javascript:x\">x</a>",
            "<img src=x onerror=alert(1)>",
            "<!-- comment -->",
            "&amp;",
            "&#xE000;",
            "<https://example.org>",
            "  \n",
            "\\\n",
        ])
        .prop_map(str::to_string),
        2 => select(MD_SYNTAX).prop_map(str::to_string),
    ]
    .boxed()
}

/// A line of inline markdown.
pub fn inline() -> BoxedStrategy<String> {
    vec(inline_piece(), 1..6)
        .prop_map(|pieces| pieces.join(" "))
        .boxed()
}

fn heading_id() -> BoxedStrategy<String> {
    prop_oneof![
        select(&[
            "grades", "main", "fn-x", "cs-a", "pay", "", "a b", "Grades", "figure-1"
        ])
        .prop_map(str::to_string),
        text_with(MD_SYNTAX, 2),
    ]
    .boxed()
}

fn fenced_block() -> BoxedStrategy<String> {
    let body = prop_oneof![
        3 => near_yaml(chart_yaml(), 2),
        3 => near_yaml(good_chart_yaml(), 1),
        2 => near_yaml(figures_yaml(), 2),
        2 => near_yaml(timeline_yaml(), 2),
        1 => text_with(MD_SYNTAX, 8),
    ];
    let info = select(&[
        "chart",
        "chart",
        "figures",
        "timeline",
        "",
        "rust",
        " chart ",
        "CHART",
        "chart extra",
        "{{ responses }}",
    ]);
    let fence = select(&["```", "```", "~~~", "````"]);
    let close = select(&[0u8, 0, 0, 1, 2]);
    (info, fence, body, close)
        .prop_map(|(info, fence, body, close)| {
            let mut out = format!("{fence}{info}\n{body}");
            if !out.ends_with('\n') {
                out.push('\n');
            }
            match close {
                0 => out.push_str(fence),
                1 => out.push_str("``"),
                _ => {} // never closed
            }
            out
        })
        .boxed()
}

/// One block of markdown.
pub fn md_block() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (1..=7usize, inline(), proptest::option::of(heading_id())).prop_map(|(n, t, id)| {
            let id = id.map(|id| format!(" {{#{id}}}")).unwrap_or_default();
            format!("{} {t}{id}", "#".repeat(n))
        }),
        1 => (inline(), select(&["===", "---"])).prop_map(|(t, u)| format!("{t}\n{u}")),
        6 => vec(inline(), 1..4).prop_map(|lines| lines.join("\n")),
        4 => fenced_block(),
        2 => (select(&["- ", "* ", "1. ", "  - ", "3) "]), vec(inline(), 1..4))
            .prop_map(|(marker, items)| {
                items
                    .iter()
                    .map(|i| format!("{marker}{i}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        1 => inline().prop_map(|t| format!("> {t}\n> > {t}")),
        1 => (vec(text(2), 1..4), vec(vec(inline_piece(), 1..4), 0..3)).prop_map(|(head, rows)| {
            let mut out = format!("| {} |\n|{}|", head.join(" | "), ["---"].repeat(head.len()).join("|"));
            for row in rows {
                out.push_str(&format!("\n| {} |", row.join(" | ")));
            }
            out
        }),
        1 => (text(1), inline()).prop_map(|(n, t)| format!("[^{n}]: {t}")),
        1 => (text(1), link_dest()).prop_map(|(n, d)| format!("[{n}]: {d}")),
        1 => inline().prop_map(|t| format!("<div>\n{t}\n</div>")),
        1 => (text(2), inline()).prop_map(|(t, d)| format!("{t}\n: {d}")),
        1 => inline().prop_map(|t| format!("    {t}")),
        1 => select(&["---", "***", "---\ntitle: x\n---", "\u{feff}", "\\{{", "}}"])
            .prop_map(str::to_string),
    ]
    .boxed()
}

/// A page body: blocks separated by blank lines (or not).
pub fn md_body() -> BoxedStrategy<String> {
    let sep = select(&["\n\n", "\n\n", "\n", "\n\n\n", ""]);
    vec((md_block(), sep), 0..8)
        .prop_map(|blocks| {
            let mut out = String::new();
            for (block, sep) in blocks {
                out.push_str(&block);
                out.push_str(sep);
            }
            out
        })
        .boxed()
}

/// A whole page: front matter (usually) and a body.
pub fn page_text() -> BoxedStrategy<String> {
    let front = prop_oneof![
        6 => near_yaml(front_yaml(), 1).prop_map(|y| format!("---\n{y}---\n")),
        2 => Just("---\ntitle: A page\n---\n".to_string()),
        1 => near_yaml(front_yaml(), 1).prop_map(|y| format!("---\n{y}")),
        1 => Just(String::new()),
        1 => Just("---\n---\n".to_string()),
        1 => Just("---\r\ntitle: CRLF\r\n---\r\n".to_string()),
    ];
    (front, md_body())
        .prop_map(|(front, body)| format!("{front}{body}"))
        .boxed()
}

/// A category column of a fixture table, with values it holds (and one it does not).
type Dimension = (&'static str, &'static [&'static str]);

const YEAR: Dimension = ("year", &["2024", "2025", "2019"]);
const GRADE: Dimension = ("grade", &["EO", "SCS", "HEO/SEO", "G7/G6", "AA/AO", "XX"]);
const SEB: Dimension = (
    "seb",
    &[
        "professional",
        "intermediate",
        "lower",
        "Prefer not to say",
        "other",
    ],
);

/// The tables of `tests/fixtures/charts`: name, category columns and number columns.
const FIXTURE_TABLES: &[(&str, &[Dimension], &[&str])] = &[
    ("workforce", &[YEAR, GRADE, SEB], &["count"]),
    ("pay", &[GRADE, SEB], &["headcount", "median_pay"]),
    ("survey", &[YEAR, SEB], &["count"]),
    (
        "attitudes",
        &[
            ("question", &["I feel I belong here", "I can progress", "x"]),
            (
                "answer",
                &["Agree", "Strongly disagree", "Neither agree nor disagree"],
            ),
        ],
        &["count"],
    ),
    (
        "applications",
        &[("stage", &["Application", "Offer", "x"]), SEB],
        &["count"],
    ),
    (
        "networks",
        &[
            (
                "network",
                &["Social mobility network", "Parents network", "x"],
            ),
            YEAR,
        ],
        &["count"],
    ),
];

/// A chart of one of the tables of `tests/fixtures/charts`, with columns of that table:
/// most of these draw, under random choices of type, grouping, filters and benchmarks.
pub fn fixture_chart() -> BoxedStrategy<String> {
    (
        select(FIXTURE_TABLES),
        select(&["bar", "stacked-bar", "grouped-bar", "line", "diverging"]),
        (any::<Index>(), proptest::option::of(any::<Index>())),
        proptest::option::of(select(&["count", "share", "value"])),
        proptest::option::of(any::<Index>()),
        vec((any::<Index>(), vec(any::<Index>(), 1..3)), 0..3),
        proptest::option::of((any::<Index>(), select(&["39", "0", "-5", "100", "12.5"]))),
        proptest::option::of(select(&["Some alt text.", ""])),
        proptest::option::of(edits(2)),
    )
        .prop_map(
            move |(
                (table, dims, values),
                kind,
                (x, group),
                show,
                value,
                filters,
                benchmark,
                alt,
                edits,
            )| {
                let mut entries = vec![
                    ("type".to_string(), plain(kind)),
                    ("title".to_string(), plain("A chart")),
                    ("data".to_string(), plain(table)),
                    ("x".to_string(), plain(x.get(dims).0)),
                ];
                if let Some(group) = group {
                    entries.push(("group".to_string(), plain(group.get(dims).0)));
                }
                if let Some(show) = show {
                    entries.push(("show".to_string(), plain(show)));
                }
                if let Some(value) = value {
                    entries.push(("value".to_string(), plain(value.get::<&str>(values))));
                }
                if !filters.is_empty() {
                    let filters = filters
                        .into_iter()
                        .map(|(column, kept)| {
                            let &(name, values) = column.get(dims);
                            let kept = kept
                                .into_iter()
                                .map(|i| plain(i.get::<&str>(values)))
                                .collect();
                            (name.to_string(), Y::Seq(kept, true))
                        })
                        .collect();
                    entries.push(("where".to_string(), Y::Map(filters, true)));
                }
                if let Some((key, value)) = benchmark {
                    // A benchmark names a value of the grouping column.
                    let &(_, values) = group.unwrap_or(x).get(dims);
                    let benchmark = vec![(key.get(values).to_string(), plain(value))];
                    entries.push(("benchmark".to_string(), Y::Map(benchmark, true)));
                }
                if let Some(alt) = alt {
                    entries.push(("alt".to_string(), plain(alt)));
                }
                let text = yaml_text(&Y::Map(entries, false));
                match edits {
                    Some(edits) => apply_text(&text, &edits),
                    None => text,
                }
            },
        )
        .boxed()
}
