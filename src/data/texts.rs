//! The text of a table's cells as written, row by row, kept in one buffer: a table of
//! 10,000 rows is one allocation, not one per cell.

/// The cells of a table as text (trimmed of surrounding spaces), `width` per row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Texts {
    width: usize,
    /// Every cell's text, one after the other.
    buffer: String,
    /// Where each cell's text ends in `buffer`, row by row.
    ends: Vec<usize>,
}

impl Texts {
    /// No rows yet, `width` cells to a row.
    pub(crate) fn new(width: usize) -> Texts {
        Texts {
            width,
            ..Texts::default()
        }
    }

    /// Adds a row: its first `width` cells, trimmed, and empty cells for any it lacks.
    pub(crate) fn push_row<'a>(&mut self, cells: impl IntoIterator<Item = &'a str>) {
        let mut pushed = 0;
        for cell in cells.into_iter().take(self.width) {
            self.buffer.push_str(cell.trim());
            self.ends.push(self.buffer.len());
            pushed += 1;
        }
        for _ in pushed..self.width {
            self.ends.push(self.buffer.len());
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.ends.len().checked_div(self.width).unwrap_or(0)
    }

    /// The number of cells in a row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// The text of a cell; `None` outside the table.
    pub fn get(&self, row: usize, column: usize) -> Option<&str> {
        if column >= self.width {
            return None;
        }
        let i = row.checked_mul(self.width)?.checked_add(column)?;
        let end = *self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(previous) => self.ends[previous],
            None => 0,
        };
        self.buffer.get(start..end)
    }

    /// The cells of a row; empty outside the table.
    pub fn row(&self, row: usize) -> impl Iterator<Item = &str> {
        let width = if row < self.rows() { self.width } else { 0 };
        (0..width).map(move |c| self.get(row, c).unwrap_or_default())
    }

    /// The table with only the rows for which `keep` is true.
    pub(crate) fn retain_rows(&self, keep: &[bool]) -> Texts {
        let mut kept = Texts::new(self.width);
        for (r, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            kept.push_row(self.row(r));
        }
        kept
    }

    /// The table with only the columns for which `keep` is true.
    pub(crate) fn retain_columns(&self, keep: &[bool]) -> Texts {
        let width = (0..self.width)
            .filter(|c| keep.get(*c).copied().unwrap_or(false))
            .count();
        let mut kept = Texts::new(width);
        for r in 0..self.rows() {
            kept.push_row(
                self.row(r)
                    .zip(keep)
                    .filter_map(|(cell, keep)| keep.then_some(cell)),
            );
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(width: usize, rows: &[&[&str]]) -> Texts {
        let mut texts = Texts::new(width);
        for row in rows {
            texts.push_row(row.iter().copied());
        }
        texts
    }

    #[test]
    fn cells_are_trimmed_padded_and_cut_to_the_width() {
        let t = texts(3, &[&[" a ", "", "c"], &["d"], &["e", "f", "g", "extra"]]);
        assert_eq!((t.rows(), t.width()), (3, 3));
        assert_eq!(t.row(0).collect::<Vec<_>>(), ["a", "", "c"]);
        assert_eq!(t.row(1).collect::<Vec<_>>(), ["d", "", ""]);
        assert_eq!(t.row(2).collect::<Vec<_>>(), ["e", "f", "g"]);
        assert_eq!(t.get(2, 2), Some("g"));
        assert_eq!(t.get(0, 0), Some("a"));
    }

    #[test]
    fn outside_the_table_is_nothing() {
        let t = texts(2, &[&["a", "b"]]);
        assert_eq!(t.get(0, 2), None);
        assert_eq!(t.get(1, 0), None);
        assert_eq!(t.get(usize::MAX, 1), None);
        assert_eq!(t.row(1).count(), 0);
        let empty = Texts::new(0);
        assert_eq!((empty.rows(), empty.get(0, 0)), (0, None));
    }

    #[test]
    fn rows_and_columns_can_be_dropped() {
        let t = texts(3, &[&["a", "b", "c"], &["", "", ""], &["d", "e", "f"]]);
        let rows = t.retain_rows(&[true, false, true]);
        assert_eq!(rows.rows(), 2);
        assert_eq!(rows.row(1).collect::<Vec<_>>(), ["d", "e", "f"]);
        let columns = t.retain_columns(&[true, false, true]);
        assert_eq!(columns.width(), 2);
        assert_eq!(columns.row(2).collect::<Vec<_>>(), ["d", "f"]);
    }

    #[test]
    fn multi_byte_text_keeps_its_boundaries() {
        let t = texts(2, &[&["é", "ü “quoted”"], &["", "x"]]);
        assert_eq!(t.get(0, 1), Some("ü “quoted”"));
        assert_eq!(t.get(1, 0), Some(""));
        assert_eq!(t.get(1, 1), Some("x"));
    }
}
