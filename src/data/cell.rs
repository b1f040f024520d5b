//! One value of a data table: text, a number, GSS shorthand or nothing; and the rules that
//! decide whether a column is numeric.

use super::ColumnKind;

/// One cell of a table, typed by its column: every non-empty cell of a
/// [`ColumnKind::Measure`] column is a [`Cell::Number`] or [`Cell::Shorthand`]; cells of a
/// [`ColumnKind::Dimension`] column are [`Cell::Text`] (even `7` in a grade column that also
/// holds `SCS`), shorthand or empty.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text; what it says is in [`Table::cell_text`](super::Table::cell_text).
    Text,
    Number(f64),
    Shorthand(Shorthand),
    Empty,
}

impl Cell {
    /// The number, for a [`Cell::Number`].
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The shorthand, for a [`Cell::Shorthand`].
    pub fn shorthand(&self) -> Option<Shorthand> {
        match self {
            Cell::Shorthand(s) => Some(*s),
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Cell::Empty
    }
}

/// GSS shorthand a cell may already hold instead of a value (Analysis Function guidance on
/// symbols). Kept as written and never plotted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Shorthand {
    /// `[c]`: withheld to protect confidentiality.
    Confidential,
    /// `[x]`: not available.
    NotAvailable,
    /// `[z]`: not applicable.
    NotApplicable,
    /// `[low]`: rounds to zero but is not zero.
    Low,
    /// `[u]`: low reliability.
    LowReliability,
}

impl Shorthand {
    /// Every shorthand, in the order a note lists them.
    pub const ALL: [Shorthand; 5] = [
        Shorthand::Confidential,
        Shorthand::NotAvailable,
        Shorthand::NotApplicable,
        Shorthand::Low,
        Shorthand::LowReliability,
    ];

    /// The symbol as published: `[c]`, `[x]`, `[z]`, `[low]` or `[u]`.
    pub fn symbol(&self) -> &'static str {
        match self {
            Shorthand::Confidential => "[c]",
            Shorthand::NotAvailable => "[x]",
            Shorthand::NotApplicable => "[z]",
            Shorthand::Low => "[low]",
            Shorthand::LowReliability => "[u]",
        }
    }

    /// What the symbol means, in plain English, for the note under a table.
    pub fn meaning(&self) -> &'static str {
        match self {
            Shorthand::Confidential => "confidential: withheld so that no one can be identified",
            Shorthand::NotAvailable => "not available",
            Shorthand::NotApplicable => "not applicable",
            Shorthand::Low => "a figure that rounds to zero but is not zero",
            Shorthand::LowReliability => "low reliability: treat this figure with caution",
        }
    }

    /// Reads shorthand as written in a cell: case does not matter, surrounding spaces are
    /// ignored (`[C]`, ` [low] `).
    pub fn parse(text: &str) -> Option<Shorthand> {
        Shorthand::parse_trimmed(text.trim())
    }

    /// [`Shorthand::parse`] for text with no surrounding spaces.
    fn parse_trimmed(text: &str) -> Option<Shorthand> {
        if !text.starts_with('[') {
            return None;
        }
        Shorthand::ALL
            .into_iter()
            .find(|s| s.symbol().eq_ignore_ascii_case(text))
    }
}

/// Reads a number as people write it in a data file: `12`, `-3`, `+2`, `12.5`, `0.25`,
/// `1,234` and `1,234,567.5` (commas only between groups of three digits). Percent and
/// currency signs, spaces inside the number, exponents (`1e5`) and words (`inf`) are not
/// numbers.
pub fn parse_number(text: &str) -> Option<f64> {
    number_trimmed(text.trim())
}

/// [`parse_number`] for text with no surrounding spaces.
fn number_trimmed(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if fraction.is_some_and(|f| !digits(f)) {
        return None;
    }
    let whole_ok = if whole.contains(',') {
        grouped(whole)
    } else {
        digits(whole) || (whole.is_empty() && fraction.is_some())
    };
    if !whole_ok {
        return None;
    }
    let number = if text.contains([',', '+']) {
        let plain: String = text.chars().filter(|c| *c != ',' && *c != '+').collect();
        plain.parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    number.ok().filter(|n| n.is_finite())
}

/// Are these digits grouped in threes by commas, as in `1,234,567`?
fn grouped(whole: &str) -> bool {
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Types a column from its cells as written: its kind, and a cell for each text. The
/// column is a measure when it has at least one value and every value that is not empty or
/// shorthand is a number; then its numbers are [`Cell::Number`]. Otherwise it is a
/// dimension, and every value that is not empty or shorthand is [`Cell::Text`].
pub(crate) fn column<'a>(texts: impl IntoIterator<Item = &'a str>) -> (ColumnKind, Vec<Cell>) {
    let mut any = false;
    let mut numeric = true;
    let mut cells: Vec<Cell> = texts
        .into_iter()
        .map(|text| {
            let text = text.trim();
            if text.is_empty() {
                return Cell::Empty;
            }
            any = true;
            if let Some(shorthand) = Shorthand::parse_trimmed(text) {
                return Cell::Shorthand(shorthand);
            }
            // Once one value is not a number the column is a dimension: no need to read
            // the rest as numbers.
            match numeric.then(|| number_trimmed(text)).flatten() {
                Some(number) => Cell::Number(number),
                None => {
                    numeric = false;
                    Cell::Text
                }
            }
        })
        .collect();
    if numeric && any {
        return (ColumnKind::Measure, cells);
    }
    for cell in &mut cells {
        if matches!(cell, Cell::Number(_)) {
            *cell = Cell::Text;
        }
    }
    (ColumnKind::Dimension, cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_write_them() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number(" -3 "), Some(-3.0));
        assert_eq!(parse_number("+2"), Some(2.0));
        assert_eq!(parse_number("12.5"), Some(12.5));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("1,234"), Some(1234.0));
        assert_eq!(parse_number("1,234,567.5"), Some(1_234_567.5));
        assert_eq!(parse_number("2025"), Some(2025.0));
    }

    #[test]
    fn things_that_are_not_numbers() {
        for text in [
            "", "-", "12%", "£5", "1 234", "1,23", "12,", ",123", "1e5", "inf", "NaN", "12.",
            "1.2.3", "abc", "SCS", "--3", "1,2345",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn shorthand_is_read_in_any_case() {
        assert_eq!(Shorthand::parse("[c]"), Some(Shorthand::Confidential));
        assert_eq!(Shorthand::parse(" [LOW] "), Some(Shorthand::Low));
        assert_eq!(Shorthand::parse("[U]"), Some(Shorthand::LowReliability));
        assert_eq!(Shorthand::parse("c"), None);
        assert_eq!(Shorthand::parse("[q]"), None);
        for s in Shorthand::ALL {
            assert_eq!(Shorthand::parse(s.symbol()), Some(s));
            assert!(!s.meaning().is_empty());
        }
    }

    fn column_kind<const N: usize>(texts: [&str; N]) -> ColumnKind {
        column(texts).0
    }

    #[test]
    fn column_kinds() {
        assert_eq!(column_kind(["1", "[c]", "", "1,234"]), ColumnKind::Measure);
        assert_eq!(column_kind(["2023", "2024"]), ColumnKind::Measure);
        assert_eq!(column_kind(["7", "SCS"]), ColumnKind::Dimension);
        assert_eq!(column_kind(["SCS", "7"]), ColumnKind::Dimension);
        assert_eq!(column_kind(["12%", "13"]), ColumnKind::Dimension);
        assert_eq!(column_kind(["", " "]), ColumnKind::Dimension);
        assert_eq!(column_kind(["[c]", "[x]"]), ColumnKind::Measure);
        assert_eq!(column_kind([]), ColumnKind::Dimension);
    }

    #[test]
    fn cells_follow_their_column() {
        use Cell::{Empty, Number, Text};
        let c = Cell::Shorthand(Shorthand::Confidential);
        assert_eq!(
            column(["7", " [c] ", "SCS", "  ", "1,234"]).1,
            [Text, c.clone(), Text, Empty, Text]
        );
        assert_eq!(
            column(["1,234", " [c] ", "  ", "7"]).1,
            [Number(1234.0), c, Empty, Number(7.0)]
        );
    }

    #[test]
    fn numbers_with_and_without_commas_or_plus_read_the_same() {
        assert_eq!(parse_number("+1,234.5"), parse_number("1234.5"));
        assert_eq!(parse_number("-1,000"), Some(-1000.0));
        assert_eq!(parse_number("+.5"), Some(0.5));
        assert_eq!(parse_number("-0"), Some(-0.0));
    }
}
