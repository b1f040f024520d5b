//! Statistical disclosure control: what may be published from counts of people
//! (FORMAT.md section 7; DOMAIN.md "Disclosure control").
//!
//! Every figure Ladder publishes (tables, charts, stats, CSV downloads, alt text) passes
//! through this module. It is pure: counts go in, [`Published`] values come out, and a
//! withheld value cannot be got back from anything it returns: [`Published::Withheld`]
//! carries the [`Reason`], never the number, and the `Debug` output of [`Grid`] and [`Line`]
//! shows only what is published.
//!
//! # Which function to use
//!
//! - A table of counts, with or without its row and column totals: [`protect_grid`], then
//!   read [`Grid::get`], the totals and [`Grid::row_share`] / [`Grid::column_share`].
//! - One line of counts (a bar chart, a stacked bar, a chart series, the groups behind a
//!   stat): [`protect_line`].
//! - One count on its own (the number of responses): [`protect_total`].
//! - A share, mean, median or rate on its own: [`share`], [`measure`]. These apply the
//!   primary rules only: a share of one part of a line whose other parts may be small
//!   belongs in [`protect_line`] (its [`Line::share`]), so that it cannot give away a
//!   withheld part.
//! - The words next to a figure with withheld values: [`note`], [`rounding_note`] and
//!   [`symbols_explained`]; count what a figure shows with [`Tally`].
//!
//! # The rules
//!
//! 1. **Primary suppression.** A count below [`Rules::threshold`] is withheld
//!    ([`Reason::BelowThreshold`]). A zero is published as `0` by default: a true zero
//!    identifies no one, and hiding it would hide real gaps ("no one at this grade is from a
//!    lower socio-economic background"). With [`Rules::suppress_zeros`] a zero is withheld
//!    too ([`Reason::Zero`]), for reports where knowing a group is empty would itself
//!    disclose something. A threshold of 0 or 1 withholds no non-zero count.
//! 2. **Small bases.** A share, mean, median or rate worked out from fewer than the
//!    threshold of people is withheld ([`Reason::SmallBase`]), and so is a share whose
//!    numerator is withheld (with the numerator's reason). A share or measure of nobody (a
//!    base of 0) does not exist: it is `[z]` (not applicable), or withheld ([`Reason::Zero`])
//!    when zeros are suppressed.
//! 3. **Secondary suppression.** A table is a set of sums that a reader can do: each row adds
//!    up to its row total, each column to its column total, and the row totals and the
//!    column totals each add up to the grand total. Every number not published (a withheld
//!    value, a total the caller does not show, a cell holding shorthand) is an unknown in
//!    those sums. Until no withheld value can be worked out exactly from the published
//!    ones, another published value is withheld too ([`Reason::Secondary`]). The simplest
//!    case is the one in FORMAT.md: a line whose total is published with exactly one
//!    withheld cell; the check also catches values given away by combining several lines,
//!    such as a withheld row total that the other row totals and the grand total reveal.
//!    (Precisely: a value can be worked out exactly when it is a bridge of the graph whose
//!    nodes are the lines and whose edges are the unknowns; see the property tests.) The
//!    value withheld next is chosen in this order:
//!    - a value that closes the gap at once, before one that only narrows it;
//!    - in the same row or column as the exposed value, before anywhere else;
//!    - a non-zero cell (the smallest first, ties to the first in reading order), then the
//!      line's total, then a zero cell: when a line's only other cells are zero or already
//!      hidden, its total is withheld instead;
//!    - the grand total last of all, as it is usually published elsewhere (the number of
//!      responses).
//!
//!    Totals are declared per dimension ([`Totals`]), because in Ladder they are usually
//!    derivable even when not printed: a 100% stacked bar shows shares, and shares with a
//!    published total give back the counts. A dimension whose totals are not published
//!    needs no secondary suppression of its own, but a total that is not published and is
//!    itself below the threshold is still protected from being worked out. The grand total
//!    counts as published whenever either dimension's totals are.
//! 4. **Rounding** ([`Rules::round_to`]): 0 or 1 is off; 5 (or any larger step) rounds every
//!    published count, cells and totals alike, to the nearest multiple of the step. A half
//!    (possible only with an even step) rounds up, which is away from zero, as counts are
//!    never negative. Totals are rounded on their own, as in Census 2021 tables, so they may
//!    not equal the sum of their rounded parts. A non-zero count that rounds to 0 is
//!    published as `[low]` (GSS: rounds to zero but is not zero) and protected like a
//!    withheld value; with the threshold at least half the step it never happens, as such
//!    counts are already withheld. Shares are worked out from the unrounded counts, and are
//!    withheld by the same rules.
//! 5. **Shorthand already in the data** (`[c]`, `[x]`, `[z]`, `[low]`, `[u]`) is kept as
//!    written and never plotted ([`Published::number`] is `None`). `[z]` (not applicable)
//!    counts as nothing: totals over it are exact. The others stand for a number Ladder does
//!    not have, so any total over such a cell is unknown and is published as `[x]` (not
//!    available), as are shares of that total; a total over nothing but `[z]` is `[z]`. A `[c]` or `[low]` counts as withheld: it is
//!    protected like a withheld count, and since every total over it is unknown it can
//!    never be worked out.
//!
//! # Limits
//!
//! The protection is against working out a withheld value exactly by adding and
//! subtracting published figures within one table. Ranges ("between 1 and 9") are not
//! analysed, and tables cut differently from the same people are not seen together: a
//! caller publishing overlapping tables must protect the combined table.

use std::collections::BTreeMap;
use std::fmt;

use crate::source::config::Disclosure;

/// The disclosure rules of a report: the numbers of FORMAT.md section 2 `disclosure:`,
/// without the symbol (which only matters for display: see [`note`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// A count below this is withheld; so is any share or measure based on fewer people.
    pub threshold: u64,
    /// Round every published count to the nearest multiple of this; 0 or 1 is off.
    pub round_to: u64,
    /// Withhold zeros as well (by default a zero is published).
    pub suppress_zeros: bool,
}

impl Default for Rules {
    /// The defaults of FORMAT.md: threshold 10, no rounding, zeros published.
    fn default() -> Self {
        Rules {
            threshold: 10,
            round_to: 0,
            suppress_zeros: false,
        }
    }
}

impl From<&Disclosure> for Rules {
    fn from(settings: &Disclosure) -> Self {
        Rules {
            threshold: settings.threshold,
            round_to: settings.round_to,
            suppress_zeros: settings.suppress_zeros,
        }
    }
}

impl Rules {
    /// True when a count of `n` people must not be published (or worked out).
    fn is_small(&self, n: u64) -> bool {
        if n == 0 {
            self.suppress_zeros
        } else {
            n < self.threshold
        }
    }

    /// `n` rounded to the nearest multiple of `round_to`, halves up; `n` when rounding is off.
    fn round(&self, n: u64) -> u64 {
        let step = self.round_to;
        if step <= 1 {
            return n;
        }
        let rest = n % step;
        let down = n - rest;
        if rest >= step - rest {
            down.checked_add(step).unwrap_or(down)
        } else {
            down
        }
    }

    /// Primary suppression and rounding of one count.
    fn primary(&self, n: u64) -> Entry {
        if n == 0 {
            if self.suppress_zeros {
                Entry::Withheld(Reason::Zero)
            } else {
                Entry::Shown(0)
            }
        } else if n < self.threshold {
            Entry::Withheld(Reason::BelowThreshold)
        } else {
            match self.round(n) {
                0 => Entry::Low,
                rounded => Entry::Shown(rounded),
            }
        }
    }

    /// What a share or measure of `base` people is instead of a number, if anything.
    fn small_base(&self, base: u64) -> Option<Published> {
        if base == 0 {
            Some(if self.suppress_zeros {
                Published::Withheld(Reason::Zero)
            } else {
                Published::Shorthand(Shorthand::NotApplicable)
            })
        } else if base < self.threshold {
            Some(Published::Withheld(Reason::SmallBase))
        } else {
            None
        }
    }
}

/// GSS shorthand a value may hold instead of a number: the same type as the data
/// module's cells, so shorthand read from a file flows through unchanged.
pub use crate::data::Shorthand;

/// The meaning of the withheld symbol (`[c]` by default).
const WITHHELD_MEANING: &str = "confidential: withheld so that no one can be identified";

/// What a cell of a table holds before protection: a count of people, or shorthand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A number of people.
    Count(u64),
    /// Shorthand already in the data, kept as written.
    Shorthand(Shorthand),
    /// A number of people that must not be published, whatever its size, because with
    /// figures published elsewhere it would give away a withheld value. Protected like a
    /// withheld count ([`Reason::Secondary`]); totals over it are still exact.
    Forced(u64),
}

impl From<u64> for Input {
    fn from(count: u64) -> Self {
        Input::Count(count)
    }
}

impl From<Shorthand> for Input {
    fn from(shorthand: Shorthand) -> Self {
        Input::Shorthand(shorthand)
    }
}

/// Why a value is withheld, for the plain-words [`note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// A count of fewer people than the threshold.
    BelowThreshold,
    /// A zero, withheld because the rules suppress zeros.
    Zero,
    /// A share, mean, median or rate based on fewer people than the threshold.
    SmallBase,
    /// Withheld so that another withheld value cannot be worked out by subtraction.
    Secondary,
}

/// A value after disclosure control: a number that may be published, or what to show
/// instead. A withheld value carries why, never what.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Published {
    /// A count of people, rounded when the rules round.
    Count(u64),
    /// A percentage, 0 to 100, worked out from unrounded counts.
    Share(f64),
    /// A measure (mean, median, rate, pay) as given.
    Value(f64),
    /// Withheld: show the report's symbol (`[c]` by default).
    Withheld(Reason),
    /// Shown as the shorthand symbol; never plotted.
    Shorthand(Shorthand),
}

impl Published {
    /// True for [`Published::Withheld`].
    pub fn is_withheld(&self) -> bool {
        matches!(self, Published::Withheld(_))
    }

    /// Why the value is withheld, for [`Published::Withheld`].
    pub fn reason(&self) -> Option<Reason> {
        match self {
            Published::Withheld(reason) => Some(*reason),
            _ => None,
        }
    }

    /// The count, for [`Published::Count`].
    pub fn count(&self) -> Option<u64> {
        match self {
            Published::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// The number to plot or print, for a count, share or value; `None` for withheld
    /// values and shorthand, which are never plotted.
    pub fn number(&self) -> Option<f64> {
        match self {
            Published::Count(n) => Some(*n as f64),
            Published::Share(v) | Published::Value(v) => Some(*v),
            Published::Withheld(_) | Published::Shorthand(_) => None,
        }
    }

    /// The symbol to print instead of a number: `withheld_symbol` (the report's
    /// `disclosure.symbol`) for a withheld value, the shorthand's symbol for shorthand,
    /// `None` for a number.
    pub fn symbol<'a>(&self, withheld_symbol: &'a str) -> Option<&'a str> {
        match self {
            Published::Withheld(_) => Some(withheld_symbol),
            Published::Shorthand(shorthand) => Some(shorthand.symbol()),
            _ => None,
        }
    }
}

/// Which totals of a table are published (shown, or derivable, for example from a 100%
/// stacked bar shown with its number of people). Named fields, so the two cannot be
/// swapped by mistake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Each row's total is published.
    pub rows: bool,
    /// Each column's total is published.
    pub columns: bool,
}

impl Totals {
    /// No totals published: no secondary suppression is needed.
    pub const NONE: Totals = Totals {
        rows: false,
        columns: false,
    };
    /// Row totals (and so the grand total) published.
    pub const ROWS: Totals = Totals {
        rows: true,
        columns: false,
    };
    /// Column totals (and so the grand total) published.
    pub const COLUMNS: Totals = Totals {
        rows: false,
        columns: true,
    };
    /// Row, column and grand totals published.
    pub const BOTH: Totals = Totals {
        rows: true,
        columns: true,
    };
}

/// How many values a figure withholds, by reason: feed it what the figure shows, then pass
/// it to [`note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Counts below the threshold.
    pub below_threshold: usize,
    /// Zeros withheld because zeros are suppressed.
    pub zero: usize,
    /// Shares and measures with too small a base.
    pub small_base: usize,
    /// Values withheld so that others cannot be worked out.
    pub secondary: usize,
}

impl Tally {
    /// Counts `value` if it is withheld.
    pub fn add(&mut self, value: &Published) {
        match value.reason() {
            Some(Reason::BelowThreshold) => self.below_threshold += 1,
            Some(Reason::Zero) => self.zero += 1,
            Some(Reason::SmallBase) => self.small_base += 1,
            Some(Reason::Secondary) => self.secondary += 1,
            None => {}
        }
    }

    /// The tally of the withheld values among `values`.
    pub fn of<'a>(values: impl IntoIterator<Item = &'a Published>) -> Tally {
        let mut tally = Tally::default();
        for value in values {
            tally.add(value);
        }
        tally
    }

    /// Adds another tally (of another part of the same figure) to this one.
    pub fn merge(&mut self, other: &Tally) {
        self.below_threshold += other.below_threshold;
        self.zero += other.zero;
        self.small_base += other.small_base;
        self.secondary += other.secondary;
    }

    /// The number of withheld values.
    pub fn total(&self) -> usize {
        self.below_threshold + self.zero + self.small_base + self.secondary
    }

    /// True when nothing is withheld.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }
}

/// One value of a table during protection: a cell, a row or column total, or the grand
/// total. Private: it may sit next to the true value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Entry {
    /// Published as this (rounded) count.
    Shown(u64),
    /// Withheld.
    Withheld(Reason),
    /// A non-zero count that rounds to zero: published `[low]`, protected like a withheld one.
    Low,
    /// Shorthand from the data, kept as written.
    Kept(Shorthand),
    /// A total over a cell with no number: published `[x]`.
    Unknown,
    /// A total the caller does not publish.
    NotShown,
}

impl Entry {
    /// True when a reader knows the value: a published count, or `[z]` (nothing).
    fn is_known(self) -> bool {
        matches!(
            self,
            Entry::Shown(_) | Entry::Kept(Shorthand::NotApplicable)
        )
    }

    fn published(self) -> Published {
        match self {
            Entry::Shown(n) => Published::Count(n),
            Entry::Withheld(reason) => Published::Withheld(reason),
            Entry::Low => Published::Shorthand(Shorthand::Low),
            Entry::Kept(shorthand) => Published::Shorthand(shorthand),
            Entry::Unknown | Entry::NotShown => Published::Shorthand(Shorthand::NotAvailable),
        }
    }
}

/// A table of counts after disclosure control, with its totals.
///
/// Made by [`protect_grid`]. Rows and columns are numbered from 0 as given.
#[derive(Clone)]
pub struct Grid {
    rows: usize,
    columns: usize,
    totals: Totals,
    /// Row-major over `rows + 1` rows of `columns + 1`: the last column holds the row
    /// totals, the last row the column totals, the last entry the grand total.
    entries: Vec<Entry>,
    /// The true value of each entry; `None` where the data has shorthand instead of a
    /// number (or a total over one). Never leaves the module.
    truth: Vec<Option<u64>>,
}

/// Protects a table of counts (rows of cells; a short row is padded with `[x]`), given
/// which of its totals are published. See the module documentation for the rules.
pub fn protect_grid(cells: &[Vec<Input>], rules: &Rules, totals: Totals) -> Grid {
    let rows = cells.len();
    let columns = cells.iter().map(Vec::len).max().unwrap_or(0);
    let width = columns + 1;
    let size = (rows + 1) * width;
    let mut truth = vec![None; size];
    let mut entries = vec![Entry::NotShown; size];
    for (r, row) in cells.iter().enumerate() {
        for c in 0..columns {
            let input = row
                .get(c)
                .copied()
                .unwrap_or(Input::Shorthand(Shorthand::NotAvailable));
            let i = r * width + c;
            (truth[i], entries[i]) = match input {
                Input::Count(n) => (Some(n), rules.primary(n)),
                Input::Forced(n) => (Some(n), Entry::Withheld(Reason::Secondary)),
                Input::Shorthand(s) => {
                    ((s == Shorthand::NotApplicable).then_some(0), Entry::Kept(s))
                }
            };
        }
    }
    for r in 0..rows {
        truth[r * width + columns] = sum((0..columns).map(|c| truth[r * width + c]));
    }
    for c in 0..columns {
        truth[rows * width + c] = sum((0..rows).map(|r| truth[r * width + c]));
    }
    truth[size - 1] = sum((0..rows).map(|r| truth[r * width + columns]));
    let show = |value: Option<u64>| match value {
        Some(n) => rules.primary(n),
        None => Entry::Unknown,
    };
    if totals.rows {
        for r in 0..rows {
            entries[r * width + columns] = show(truth[r * width + columns]);
        }
    }
    if totals.columns {
        for c in 0..columns {
            entries[rows * width + c] = show(truth[rows * width + c]);
        }
    }
    if totals.rows || totals.columns {
        entries[size - 1] = show(truth[size - 1]);
    }
    // A total over nothing but `[z]` is not applicable either, and everyone knows it.
    let z = Entry::Kept(Shorthand::NotApplicable);
    let only_z = |mut line: std::ops::Range<usize>, at: &dyn Fn(usize) -> usize| {
        !line.is_empty() && line.all(|k| entries[at(k)] == z)
    };
    let z_rows: Vec<bool> = (0..rows)
        .map(|r| only_z(0..columns, &|c| r * width + c))
        .collect();
    let z_columns: Vec<bool> = (0..columns)
        .map(|c| only_z(0..rows, &|r| r * width + c))
        .collect();
    for (r, _) in z_rows.iter().enumerate().filter(|(_, z)| **z) {
        entries[r * width + columns] = z;
    }
    for (c, _) in z_columns.iter().enumerate().filter(|(_, z)| **z) {
        entries[rows * width + c] = z;
    }
    if !z_rows.is_empty() && z_rows.iter().all(|z| *z) {
        entries[size - 1] = z;
    }
    let mut grid = Grid {
        rows,
        columns,
        totals,
        entries,
        truth,
    };
    grid.protect(rules);
    grid
}

impl Grid {
    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The number of columns.
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// The cell at `row`, `column`; `[x]` outside the table (never panics).
    pub fn get(&self, row: usize, column: usize) -> Published {
        match self.cell(row, column) {
            Some(i) => self.entries[i].published(),
            None => Published::Shorthand(Shorthand::NotAvailable),
        }
    }

    /// The total of `row`; `None` when row totals are not published (then show none) or
    /// outside the table.
    pub fn row_total(&self, row: usize) -> Option<Published> {
        (self.totals.rows && row < self.rows)
            .then(|| self.entries[self.index(row, self.columns)].published())
    }

    /// The total of `column`; `None` when column totals are not published (then show none)
    /// or outside the table.
    pub fn column_total(&self, column: usize) -> Option<Published> {
        (self.totals.columns && column < self.columns)
            .then(|| self.entries[self.index(self.rows, column)].published())
    }

    /// The total of the whole table; `None` when neither row nor column totals are
    /// published.
    pub fn grand_total(&self) -> Option<Published> {
        (self.totals.rows || self.totals.columns)
            .then(|| self.entries[self.index(self.rows, self.columns)].published())
    }

    /// The cell as a percentage of its row's total (a 100% stacked bar per row), worked
    /// out from unrounded counts. Withheld with the cell, or when the row total is
    /// withheld (a small total as [`Reason::SmallBase`]); `[x]` when the total is unknown.
    /// `None` when row totals are not published: shares publish their totals in effect,
    /// so protect with `rows: true` to show them.
    pub fn row_share(&self, row: usize, column: usize) -> Option<Published> {
        let cell = self.cell(row, column)?;
        self.totals
            .rows
            .then(|| self.share_of(cell, self.index(row, self.columns)))
    }

    /// The cell as a percentage of its column's total, as [`Grid::row_share`] for columns.
    /// `None` when column totals are not published.
    pub fn column_share(&self, row: usize, column: usize) -> Option<Published> {
        let cell = self.cell(row, column)?;
        self.totals
            .columns
            .then(|| self.share_of(cell, self.index(self.rows, column)))
    }

    /// The withheld values of the table as published: its cells and the totals that are
    /// published.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for r in 0..self.rows {
            for c in 0..self.columns {
                tally.add(&self.get(r, c));
            }
            if let Some(total) = self.row_total(r) {
                tally.add(&total);
            }
        }
        for c in 0..self.columns {
            if let Some(total) = self.column_total(c) {
                tally.add(&total);
            }
        }
        if let Some(total) = self.grand_total() {
            tally.add(&total);
        }
        tally
    }

    /// The number of withheld values among the cells and published totals.
    pub fn withheld_count(&self) -> usize {
        self.tally().total()
    }

    fn index(&self, row: usize, column: usize) -> usize {
        row * (self.columns + 1) + column
    }

    /// The entry of a cell (not a total).
    fn cell(&self, row: usize, column: usize) -> Option<usize> {
        (row < self.rows && column < self.columns).then(|| self.index(row, column))
    }

    fn share_of(&self, cell: usize, total: usize) -> Published {
        match self.entries[cell] {
            Entry::Shown(_) => {}
            Entry::Low => return Published::Shorthand(Shorthand::Low),
            other => return other.published(),
        }
        match (self.entries[total], self.truth[cell], self.truth[total]) {
            (Entry::Shown(_), _, Some(0)) => Published::Shorthand(Shorthand::NotApplicable),
            (Entry::Shown(_), Some(part), Some(whole)) => {
                Published::Share(100.0 * part as f64 / whole as f64)
            }
            (Entry::Withheld(Reason::Secondary), _, _) => Published::Withheld(Reason::Secondary),
            (Entry::Withheld(_) | Entry::Low, _, _) => Published::Withheld(Reason::SmallBase),
            _ => Published::Shorthand(Shorthand::NotAvailable),
        }
    }

    /// True when the entry's value must not be worked out by a reader.
    fn needs_protection(&self, i: usize, rules: &Rules) -> bool {
        match self.entries[i] {
            Entry::Withheld(_)
            | Entry::Low
            | Entry::Kept(Shorthand::Confidential | Shorthand::Low) => true,
            Entry::NotShown => self.truth[i].is_some_and(|n| rules.is_small(n)),
            _ => false,
        }
    }

    /// Secondary suppression: withholds published values until no value that needs
    /// protection is a bridge of the graph of unknowns.
    fn protect(&mut self, rules: &Rules) {
        let mut given_up = vec![false; self.entries.len()];
        loop {
            let graph = Graph::of(self);
            let exposed = (0..self.entries.len())
                .find(|&i| !given_up[i] && self.needs_protection(i, rules) && graph.is_bridge(i));
            let Some(exposed) = exposed else {
                return;
            };
            match self.complement(exposed, &graph) {
                Some(k) => self.entries[k] = Entry::Withheld(Reason::Secondary),
                // Only `[z]` cells are left to hide: nothing can protect it.
                None => given_up[exposed] = true,
            }
        }
    }

    /// The published value to withhold next to protect `exposed` (a bridge).
    fn complement(&self, exposed: usize, graph: &Graph) -> Option<usize> {
        let (a, b) = graph.ends[exposed];
        let side_a = graph.reach(a, exposed);
        let side_b = graph.reach(b, exposed);
        let size = |side: &[bool]| side.iter().filter(|&&seen| seen).count();
        let either: Vec<bool> = side_a.iter().zip(&side_b).map(|(x, y)| *x || *y).collect();
        let smaller = match size(&side_a).cmp(&size(&side_b)) {
            std::cmp::Ordering::Less => &side_a,
            std::cmp::Ordering::Greater => &side_b,
            std::cmp::Ordering::Equal => &either,
        };
        let closes = |k: usize| {
            let (x, y) = graph.ends[k];
            (side_a[x] && side_b[y]) || (side_b[x] && side_a[y])
        };
        let touches = |k: usize, side: &[bool]| {
            let (x, y) = graph.ends[k];
            side[x] || side[y]
        };
        let grand = self.entries.len() - 1;
        let best = |keep: &dyn Fn(usize) -> bool| {
            (0..self.entries.len())
                .filter(|&k| matches!(self.entries[k], Entry::Shown(_)) && keep(k))
                .min_by_key(|&k| self.preference(exposed, k))
        };
        best(&|k| k != grand && closes(k))
            .or_else(|| best(&|k| k != grand && touches(k, smaller)))
            .or_else(|| best(&|k| k != grand && touches(k, &either)))
            .or_else(|| best(&|k| closes(k) || touches(k, &either)))
    }

    /// Orders candidates for secondary suppression of `exposed`: lower is better.
    fn preference(&self, exposed: usize, k: usize) -> (u8, u64, usize) {
        let width = self.columns + 1;
        let (er, ec) = (exposed / width, exposed % width);
        let (kr, kc) = (k / width, k % width);
        let (same_line, is_total) = if kr == er {
            (true, kc == self.columns)
        } else if kc == ec {
            (true, kr == self.rows)
        } else {
            (false, kr == self.rows || kc == self.columns)
        };
        let value = self.truth[k].unwrap_or(0);
        let tier = match (same_line, is_total, value == 0) {
            (true, false, false) => 0,
            (true, true, _) => 1,
            (false, false, false) => 2,
            (false, true, _) => 3,
            (true, false, true) => 4,
            (false, false, true) => 5,
        };
        (tier, value, k)
    }
}

impl fmt::Debug for Grid {
    /// Shows only what is published.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cells: Vec<Vec<Published>> = (0..self.rows)
            .map(|r| (0..self.columns).map(|c| self.get(r, c)).collect())
            .collect();
        let row_totals: Vec<Option<Published>> =
            (0..self.rows).map(|r| self.row_total(r)).collect();
        let column_totals: Vec<Option<Published>> =
            (0..self.columns).map(|c| self.column_total(c)).collect();
        f.debug_struct("Grid")
            .field("cells", &cells)
            .field("row_totals", &row_totals)
            .field("column_totals", &column_totals)
            .field("grand_total", &self.grand_total())
            .finish()
    }
}

/// The unknowns of a table as a graph: one node per line (rows, then the column-totals
/// row; columns, then the row-totals column), one edge per unknown entry joining its row
/// and its column. An unknown can be worked out exactly from the published values if and
/// only if its edge is a bridge (lies on no cycle).
struct Graph {
    /// For each node, its unknown entries and the node at their other end.
    adjacency: Vec<Vec<(usize, usize)>>,
    /// For each entry (known or not), its row node and column node.
    ends: Vec<(usize, usize)>,
}

impl Graph {
    fn of(grid: &Grid) -> Graph {
        let width = grid.columns + 1;
        let row_nodes = grid.rows + 1;
        let ends: Vec<(usize, usize)> = (0..grid.entries.len())
            .map(|i| (i / width, row_nodes + i % width))
            .collect();
        let mut adjacency = vec![Vec::new(); row_nodes + width];
        for (i, entry) in grid.entries.iter().enumerate() {
            if !entry.is_known() {
                let (a, b) = ends[i];
                adjacency[a].push((i, b));
                adjacency[b].push((i, a));
            }
        }
        Graph { adjacency, ends }
    }

    /// The nodes reachable from `from` through unknowns other than `skip`.
    fn reach(&self, from: usize, skip: usize) -> Vec<bool> {
        let mut seen = vec![false; self.adjacency.len()];
        seen[from] = true;
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            for &(entry, next) in &self.adjacency[node] {
                if entry != skip && !seen[next] {
                    seen[next] = true;
                    stack.push(next);
                }
            }
        }
        seen
    }

    /// True when the unknown `entry` could be worked out: no other path joins its ends.
    fn is_bridge(&self, entry: usize) -> bool {
        let (a, b) = self.ends[entry];
        !self.reach(a, entry)[b]
    }
}

/// One line of counts after disclosure control: a bar chart, a stacked bar, a chart series,
/// or the groups behind a stat. Made by [`protect_line`].
#[derive(Clone, Debug)]
pub struct Line {
    grid: Grid,
}

/// Protects one line of counts, given whether its total is published (shown, or derivable:
/// a stacked bar of shares with its number of people, a stat of the total). A line whose
/// total is not published needs no secondary suppression.
pub fn protect_line(cells: &[Input], rules: &Rules, total_published: bool) -> Line {
    let totals = Totals {
        rows: total_published,
        columns: false,
    };
    Line {
        grid: protect_grid(&[cells.to_vec()], rules, totals),
    }
}

impl Line {
    /// The number of values.
    pub fn len(&self) -> usize {
        self.grid.columns
    }

    /// True for a line of no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The value at `index`; `[x]` outside the line.
    pub fn get(&self, index: usize) -> Published {
        self.grid.get(0, index)
    }

    /// Every value, in order.
    pub fn values(&self) -> Vec<Published> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }

    /// The line's total; `None` when it is not published.
    pub fn total(&self) -> Option<Published> {
        self.grid.row_total(0)
    }

    /// The value at `index` as a percentage of the total (see [`Grid::row_share`]); `None`
    /// when the total is not published, as shares publish it in effect.
    pub fn share(&self, index: usize) -> Option<Published> {
        self.grid.row_share(0, index)
    }

    /// The withheld values of the line as published: its values and its total.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::of(&self.values());
        if let Some(total) = self.total() {
            tally.add(&total);
        }
        tally
    }
}

/// Protects the counts of a table with any number of dimensions, such as a data file in
/// long form (one row per year, grade and group). `lines` lists, for every line whose total
/// is (or may be) published elsewhere, the indices of its cells: for each dimension, the
/// cells that differ only along it.
///
/// Primary rules and rounding apply to every cell. Then, until nothing changes, a line
/// with exactly one withheld cell gets a second: its smallest non-zero published cell (ties
/// to the first), or a zero cell when there is no other. A line holding shorthand that
/// hides a number (`[c]`, `[x]`, `[low]`, `[u]`) needs nothing more: its total is not known.
/// This is FORMAT.md's rule for every line; unlike [`protect_grid`] it does not look for
/// exact recovery through several lines at once, which in more than two dimensions would
/// need linear algebra.
pub fn protect_cells(cells: &[Input], lines: &[Vec<usize>], rules: &Rules) -> Vec<Published> {
    protect_cells_exposed(cells, lines, rules).0
}

/// [`protect_cells`], also saying which withheld cells the line totals alone would give
/// away (so no figure may publish a total over them).
pub fn protect_cells_exposed(
    cells: &[Input],
    lines: &[Vec<usize>],
    rules: &Rules,
) -> (Vec<Published>, Vec<bool>) {
    let mut entries: Vec<Entry> = cells
        .iter()
        .map(|cell| match cell {
            Input::Count(n) => rules.primary(*n),
            Input::Forced(_) => Entry::Withheld(Reason::Secondary),
            Input::Shorthand(s) => Entry::Kept(*s),
        })
        .collect();
    let count = |i: usize| match cells.get(i) {
        Some(Input::Count(n)) => *n,
        _ => 0,
    };
    // Lines whose total is known (no cell hides a number Ladder does not have), with
    // their cells inside the table.
    let lines: Vec<Vec<usize>> = lines
        .iter()
        .map(|line| {
            line.iter()
                .copied()
                .filter(|i| *i < entries.len())
                .collect::<Vec<_>>()
        })
        .filter(|line| {
            !line
                .iter()
                .any(|i| matches!(entries[*i], Entry::Kept(s) if s != Shorthand::NotApplicable))
        })
        .collect();
    // Cells the line totals alone give away, whatever is withheld (a lone cell of its kind,
    // in an irregular table): withholding more cannot protect them, so the exact check
    // below leaves them to the figures that publish totals (see `datapages::Guard`).
    let every: Vec<usize> = (0..entries.len()).collect();
    let mut structural = vec![false; entries.len()];
    for (cell, _) in exposed(&every, &lines, |_| true) {
        structural[cell] = true;
    }
    loop {
        // FORMAT.md's rule, line by line: never exactly one hidden value in a line.
        let mut changed = true;
        while changed {
            changed = false;
            for line in &lines {
                if line.iter().filter(|i| is_hidden(&entries[**i])).count() == 1
                    && withhold_next(line, &mut entries, &count)
                {
                    changed = true;
                }
            }
        }
        // Then exactly: no hidden value may follow from the line totals taken together.
        match recoverable(&entries, &lines, &structural) {
            Some((cell, group)) => {
                // Withhold a value of a line through the exposed cell; when those lines
                // have nothing left to show, the smallest published value of any line
                // linked to it, which breaks the sum that gives it away.
                let own = lines
                    .iter()
                    .filter(|line| line.contains(&cell))
                    .any(|line| withhold_next(line, &mut entries, &count));
                if !own {
                    let linked: Vec<usize> = lines
                        .iter()
                        .filter(|line| line.iter().any(|i| group.contains(i)))
                        .flatten()
                        .copied()
                        .filter(|i| matches!(entries[*i], Entry::Shown(_)))
                        .collect();
                    if !withhold_next(&linked, &mut entries, &count) {
                        break;
                    }
                }
            }
            None => break,
        }
    }
    let exposed = (0..entries.len())
        .map(|i| is_hidden(&entries[i]) && structural[i])
        .collect();
    (entries.into_iter().map(Entry::published).collect(), exposed)
}

/// A value a reader cannot see: withheld, or a count that rounds to `[low]`.
fn is_hidden(entry: &Entry) -> bool {
    matches!(entry, Entry::Withheld(_) | Entry::Low)
}

/// Withholds the smallest non-zero published value of a line (ties to the first), or a
/// zero when there is no other. False when the line has nothing left to withhold.
fn withhold_next(line: &[usize], entries: &mut [Entry], count: &dyn Fn(usize) -> u64) -> bool {
    let shown = || {
        line.iter()
            .copied()
            .filter(|i| matches!(entries[*i], Entry::Shown(_)))
    };
    let pick = shown()
        .filter(|i| count(*i) > 0)
        .min_by_key(|i| (count(*i), *i))
        .or_else(|| shown().next());
    match pick {
        Some(i) => {
            entries[i] = Entry::Withheld(Reason::Secondary);
            true
        }
        None => false,
    }
}

/// The most hidden values a group of linked lines may hold for the exact check; beyond
/// it the check would take too long, and the line-by-line rule is all that applies.
const EXACT_LIMIT: usize = 400;

/// A hidden value that the line totals, taken together, give away exactly, if any, with
/// the hidden values linked to it.
///
/// The unknowns are the hidden values; each line is an equation (its cells add up to its
/// total, and the published cells are known). A value is given away when its unit vector
/// lies in the span of the equations: after reducing them to row echelon form, its column
/// has a pivot whose row has no other unknown left in it.
fn recoverable(
    entries: &[Entry],
    lines: &[Vec<usize>],
    structural: &[bool],
) -> Option<(usize, Vec<usize>)> {
    let hidden: Vec<usize> = (0..entries.len())
        .filter(|i| is_hidden(&entries[*i]))
        .collect();
    exposed(&hidden, lines, |cell| {
        !structural.get(cell).copied().unwrap_or(false)
    })
    .into_iter()
    .next()
}

/// Of the `unknowns` (cell indices), those the line totals give away exactly, each with
/// the unknowns linked to it; only cells for which `wanted` is true are returned.
fn exposed(
    unknowns: &[usize],
    lines: &[Vec<usize>],
    wanted: impl Fn(usize) -> bool,
) -> Vec<(usize, Vec<usize>)> {
    let hidden = unknowns;
    let mut found = Vec::new();
    if hidden.is_empty() {
        return found;
    }
    // Each cell's column among the unknowns, if it is one.
    let cells = hidden.iter().max().map_or(0, |&i| i + 1);
    let mut column_of: Vec<Option<usize>> = vec![None; cells];
    for (c, &i) in hidden.iter().enumerate() {
        column_of[i] = Some(c);
    }
    // Group the hidden values linked by lines (union-find), to solve each group alone.
    let mut parent: Vec<usize> = (0..hidden.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let equations: Vec<Vec<usize>> = lines
        .iter()
        .map(|line| {
            line.iter()
                .filter_map(|&i| column_of.get(i).copied().flatten())
                .collect::<Vec<_>>()
        })
        .filter(|unknowns: &Vec<usize>| !unknowns.is_empty())
        .collect();
    for unknowns in &equations {
        for pair in unknowns.windows(2) {
            let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
            if a != b {
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for c in 0..hidden.len() {
        let r = root(&mut parent, c);
        groups.entry(r).or_default().push(c);
    }
    // The equations of each group (by its root), in order: all the unknowns of an
    // equation are in one group.
    let mut group_equations: Vec<Vec<&[usize]>> = vec![Vec::new(); hidden.len()];
    for unknowns in &equations {
        let r = root(&mut parent, unknowns[0]);
        group_equations[r].push(unknowns);
    }
    // Each unknown's column in the group being solved.
    let mut local: Vec<Option<usize>> = vec![None; hidden.len()];
    for (r, members) in &groups {
        if members.len() > EXACT_LIMIT {
            continue;
        }
        for (l, &c) in members.iter().enumerate() {
            local[c] = Some(l);
        }
        let mut rows: Vec<Vec<f64>> = group_equations[*r]
            .iter()
            .map(|unknowns| {
                let mut row = vec![0.0; members.len()];
                for &c in *unknowns {
                    if let Some(l) = local[c] {
                        row[l] += 1.0;
                    }
                }
                row
            })
            .collect();
        for &c in members {
            local[c] = None;
        }
        for l in determined_columns(&mut rows, members.len()) {
            let cell = hidden[members[l]];
            if wanted(cell) {
                found.push((cell, members.iter().map(|&c| hidden[c]).collect()));
            }
        }
    }
    found
}

/// Reduces `rows` to reduced row echelon form and returns the columns fully determined by
/// them (their pivot row has no other non-zero entry).
fn determined_columns(rows: &mut [Vec<f64>], columns: usize) -> Vec<usize> {
    const EPS: f64 = 1e-9;
    let mut pivots: Vec<(usize, usize)> = Vec::new();
    let mut r = 0;
    for c in 0..columns {
        if r == rows.len() {
            break;
        }
        let Some(best) =
            (r..rows.len()).max_by(|a, b| rows[*a][c].abs().total_cmp(&rows[*b][c].abs()))
        else {
            break;
        };
        if rows[best][c].abs() < EPS {
            continue;
        }
        rows.swap(r, best);
        let pivot = rows[r][c];
        for v in rows[r].iter_mut() {
            *v /= pivot;
        }
        let pivot_row = rows[r].clone();
        for (i, row) in rows.iter_mut().enumerate() {
            if i != r && row[c].abs() > EPS {
                let factor = row[c];
                for (v, p) in row.iter_mut().zip(&pivot_row) {
                    *v -= factor * p;
                }
            }
        }
        pivots.push((r, c));
        r += 1;
    }
    pivots
        .into_iter()
        .filter(|&(row, col)| {
            rows[row]
                .iter()
                .enumerate()
                .all(|(j, v)| j == col || v.abs() < EPS)
        })
        .map(|(_, col)| col)
        .collect()
}

/// Protects one count shown on its own, such as the number of responses: primary rules and
/// rounding.
pub fn protect_total(total: u64, rules: &Rules) -> Published {
    rules.primary(total).published()
}

/// `numerator` as a percentage of `base` people, worked out from unrounded counts.
///
/// Withheld when the base is below the threshold ([`Reason::SmallBase`]) or the numerator
/// is withheld (its reason); a zero base gives `[z]` (withheld when zeros are suppressed);
/// a numerator that rounds to zero gives `[low]`; shorthand numerators are kept; a
/// numerator larger than the base (a mistake) gives `[x]`. Primary rules only: for a share
/// of one part of a line, use [`protect_line`] and [`Line::share`].
pub fn share(numerator: Input, base: u64, rules: &Rules) -> Published {
    let part = match numerator {
        Input::Count(n) => n,
        Input::Forced(_) => return Published::Withheld(Reason::Secondary),
        Input::Shorthand(shorthand) => return Published::Shorthand(shorthand),
    };
    if let Some(instead) = rules.small_base(base) {
        return instead;
    }
    if part > base {
        return Published::Shorthand(Shorthand::NotAvailable);
    }
    match rules.primary(part) {
        Entry::Shown(_) => Published::Share(100.0 * part as f64 / base as f64),
        Entry::Low => Published::Shorthand(Shorthand::Low),
        other => other.published(),
    }
}

/// A mean, median, rate or other measure worked out from `base` people: withheld when the
/// base is below the threshold ([`Reason::SmallBase`]), `[z]` for a base of 0 (withheld when
/// zeros are suppressed), `[x]` when the value is not a finite number.
pub fn measure(value: f64, base: u64, rules: &Rules) -> Published {
    if let Some(instead) = rules.small_base(base) {
        return instead;
    }
    if value.is_finite() {
        Published::Value(value)
    } else {
        Published::Shorthand(Shorthand::NotAvailable)
    }
}

/// The plain-words note shown next to a figure with withheld values, for example
/// "2 values are withheld ([c]) because they are based on fewer than 10 people, or because
/// they would let a withheld value be worked out." `symbol` is the report's
/// `disclosure.symbol`. `None` when nothing is withheld. The note never says that a value is
/// zero: withheld zeros are "based on fewer than 10 people" like other small counts.
pub fn note(tally: &Tally, rules: &Rules, symbol: &str) -> Option<String> {
    let count = tally.total();
    if count == 0 {
        return None;
    }
    let (head, they, are) = if count == 1 {
        (format!("1 value is withheld ({symbol})"), "it", "is")
    } else {
        (
            format!(
                "{} values are withheld ({symbol})",
                group_digits(count as u64)
            ),
            "they",
            "are",
        )
    };
    let few = if rules.threshold >= 2 {
        format!("fewer than {} people", group_digits(rules.threshold))
    } else {
        "too few people".to_string()
    };
    let small = tally.below_threshold + tally.zero + tally.small_base > 0;
    let secondary = tally.secondary > 0;
    let why = match (small, secondary) {
        (true, true) => format!(
            "{they} {are} based on {few}, or because {they} would let a withheld value be worked out"
        ),
        (false, _) => format!("{they} would let a withheld value be worked out"),
        (true, false) => format!("{they} {are} based on {few}"),
    };
    Some(format!("{head} because {why}."))
}

/// The note shown with every figure when counts are rounded; `None` when rounding is off.
pub fn rounding_note(rules: &Rules) -> Option<String> {
    (rules.round_to > 1).then(|| {
        format!(
            "Counts are rounded to the nearest {}, so totals may not equal the sum of their \
             parts. Percentages are worked out from the unrounded counts.",
            group_digits(rules.round_to)
        )
    })
}

/// Every symbol a published figure may show, with its meaning, for the data page: the
/// report's withheld symbol first, then the GSS shorthand (without `[c]` when it is the
/// withheld symbol).
pub fn symbols_explained(symbol: &str) -> Vec<(String, &'static str)> {
    let mut symbols = vec![(symbol.to_string(), WITHHELD_MEANING)];
    symbols.extend(
        Shorthand::ALL
            .into_iter()
            .filter(|s| s.symbol() != symbol)
            .map(|s| (s.symbol().to_string(), s.meaning())),
    );
    symbols
}

/// The sum of `values`; `None` when any is `None` (a cell with no number).
fn sum(mut values: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    values.try_fold(0u64, |total, value| Some(total.saturating_add(value?)))
}

/// `n` with commas between groups of three digits: `1,234`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_in_many_dimensions_get_a_second_withheld_value_in_every_line() {
        // year x grade x group, long form: 2 x 2 x 2 cells.
        let counts = [40u64, 7, 30, 25, 50, 20, 45, 35];
        let cells: Vec<Input> = counts.iter().map(|n| Input::Count(*n)).collect();
        let index = |y: usize, g: usize, s: usize| y * 4 + g * 2 + s;
        let mut lines = Vec::new();
        for a in 0..2 {
            for b in 0..2 {
                lines.push((0..2).map(|s| index(a, b, s)).collect::<Vec<_>>());
                lines.push((0..2).map(|g| index(a, g, b)).collect::<Vec<_>>());
                lines.push((0..2).map(|y| index(y, a, b)).collect::<Vec<_>>());
            }
        }
        let out = protect_cells(&cells, &lines, &Rules::default());
        assert_eq!(out[1], Published::Withheld(Reason::BelowThreshold));
        for line in &lines {
            let withheld = line.iter().filter(|i| out[**i].is_withheld()).count();
            assert!(
                withheld != 1,
                "line {line:?} has one withheld value: {out:?}"
            );
        }
    }

    #[test]
    fn cells_with_hidden_shorthand_need_no_more() {
        let cells = [
            Input::Count(5),
            Input::Shorthand(Shorthand::Confidential),
            Input::Count(30),
        ];
        let out = protect_cells(&cells, &[vec![0, 1, 2]], &Rules::default());
        assert_eq!(out[2], Published::Count(30));
    }

    const C: Input = Input::Shorthand(Shorthand::Confidential);
    const X: Input = Input::Shorthand(Shorthand::NotAvailable);
    const Z: Input = Input::Shorthand(Shorthand::NotApplicable);
    const W: Published = Published::Withheld(Reason::BelowThreshold);
    const S: Published = Published::Withheld(Reason::Secondary);

    fn rules() -> Rules {
        Rules::default()
    }

    fn rounding(threshold: u64, round_to: u64) -> Rules {
        Rules {
            threshold,
            round_to,
            suppress_zeros: false,
        }
    }

    fn inputs(rows: &[&[u64]]) -> Vec<Vec<Input>> {
        rows.iter()
            .map(|row| row.iter().map(|&n| Input::Count(n)).collect())
            .collect()
    }

    fn line_of(counts: &[u64]) -> Vec<Input> {
        counts.iter().map(|&n| Input::Count(n)).collect()
    }

    fn withheld_cells(grid: &Grid) -> Vec<(usize, usize)> {
        let mut cells = Vec::new();
        for r in 0..grid.rows() {
            for c in 0..grid.columns() {
                if grid.get(r, c).is_withheld() {
                    cells.push((r, c));
                }
            }
        }
        cells
    }

    fn count(n: u64) -> Published {
        Published::Count(n)
    }

    // ---- Rules -------------------------------------------------------------------------

    #[test]
    fn rules_default_matches_format() {
        assert_eq!(
            Rules::default(),
            Rules {
                threshold: 10,
                round_to: 0,
                suppress_zeros: false
            }
        );
    }

    #[test]
    fn rules_come_from_disclosure_settings() {
        assert_eq!(Rules::from(&Disclosure::default()), Rules::default());
        let settings = Disclosure {
            threshold: 5,
            round_to: 5,
            suppress_zeros: true,
            symbol: "[s]".to_string(),
        };
        assert_eq!(
            Rules::from(&settings),
            Rules {
                threshold: 5,
                round_to: 5,
                suppress_zeros: true
            }
        );
    }

    // ---- Primary suppression -----------------------------------------------------------

    #[test]
    fn primary_count_below_threshold_is_withheld() {
        assert_eq!(protect_total(3, &rules()), W);
        assert_eq!(protect_total(1, &rules()), W);
    }

    #[test]
    fn primary_threshold_boundary_nine_withheld_ten_published() {
        assert_eq!(protect_total(9, &rules()), W);
        assert_eq!(protect_total(10, &rules()), count(10));
        assert_eq!(protect_total(11, &rules()), count(11));
    }

    #[test]
    fn primary_custom_threshold_boundary() {
        let rules = Rules {
            threshold: 5,
            ..Rules::default()
        };
        assert_eq!(protect_total(4, &rules), W);
        assert_eq!(protect_total(5, &rules), count(5));
    }

    #[test]
    fn primary_threshold_zero_or_one_withholds_no_nonzero_count() {
        for threshold in [0, 1] {
            let rules = Rules {
                threshold,
                ..Rules::default()
            };
            assert_eq!(protect_total(1, &rules), count(1));
            assert_eq!(protect_total(0, &rules), count(0));
        }
    }

    #[test]
    fn primary_zero_is_published_by_default() {
        assert_eq!(protect_total(0, &rules()), count(0));
    }

    #[test]
    fn primary_zero_is_withheld_when_zeros_are_suppressed() {
        let rules = Rules {
            suppress_zeros: true,
            ..Rules::default()
        };
        assert_eq!(protect_total(0, &rules), Published::Withheld(Reason::Zero));
        assert_eq!(protect_total(10, &rules), count(10));
    }

    #[test]
    fn primary_applies_to_every_cell_of_a_grid() {
        let grid = protect_grid(&inputs(&[&[9, 10], &[0, 3]]), &rules(), Totals::NONE);
        assert_eq!(grid.get(0, 0), W);
        assert_eq!(grid.get(0, 1), count(10));
        assert_eq!(grid.get(1, 0), count(0));
        assert_eq!(grid.get(1, 1), W);
    }

    #[test]
    fn primary_applies_to_published_totals() {
        // Row 0's total (7) is withheld; with the grand total published, the smallest
        // other row total goes too, or 7 would be the grand total minus the others.
        let grid = protect_grid(
            &inputs(&[&[3, 4], &[20, 30], &[40, 60]]),
            &rules(),
            Totals::ROWS,
        );
        assert_eq!(grid.row_total(0), Some(W));
        assert_eq!(grid.row_total(1), Some(S));
        assert_eq!(grid.row_total(2), Some(count(100)));
        assert_eq!(grid.grand_total(), Some(count(157)));
    }

    // ---- Shares and measures -----------------------------------------------------------

    #[test]
    fn share_with_small_base_is_withheld() {
        assert_eq!(
            share(Input::Count(0), 9, &rules()),
            Published::Withheld(Reason::SmallBase)
        );
        assert_eq!(
            share(Input::Count(9), 9, &rules()),
            Published::Withheld(Reason::SmallBase)
        );
    }

    #[test]
    fn share_with_base_at_threshold_is_published() {
        assert_eq!(
            share(Input::Count(10), 10, &rules()),
            Published::Share(100.0)
        );
        assert_eq!(share(Input::Count(0), 10, &rules()), Published::Share(0.0));
    }

    #[test]
    fn share_with_withheld_numerator_is_withheld() {
        assert_eq!(share(Input::Count(4), 200, &rules()), W);
        let zeros = Rules {
            suppress_zeros: true,
            ..Rules::default()
        };
        assert_eq!(
            share(Input::Count(0), 200, &zeros),
            Published::Withheld(Reason::Zero)
        );
    }

    #[test]
    fn share_of_nobody_is_not_applicable_or_withheld() {
        assert_eq!(
            share(Input::Count(0), 0, &rules()),
            Published::Shorthand(Shorthand::NotApplicable)
        );
        let zeros = Rules {
            suppress_zeros: true,
            ..Rules::default()
        };
        assert_eq!(
            share(Input::Count(0), 0, &zeros),
            Published::Withheld(Reason::Zero)
        );
    }

    #[test]
    fn share_keeps_numerator_shorthand() {
        assert_eq!(
            share(C, 100, &rules()),
            Published::Shorthand(Shorthand::Confidential)
        );
        assert_eq!(
            share(X, 3, &rules()),
            Published::Shorthand(Shorthand::NotAvailable)
        );
    }

    #[test]
    fn share_with_numerator_above_base_is_not_available() {
        assert_eq!(
            share(Input::Count(30), 20, &rules()),
            Published::Shorthand(Shorthand::NotAvailable)
        );
    }

    #[test]
    fn share_uses_unrounded_counts() {
        let rules = rounding(10, 5);
        assert_eq!(share(Input::Count(12), 48, &rules), Published::Share(25.0));
    }

    #[test]
    fn share_of_count_rounding_to_zero_is_low() {
        let rules = rounding(0, 5);
        assert_eq!(
            share(Input::Count(2), 40, &rules),
            Published::Shorthand(Shorthand::Low)
        );
    }

    #[test]
    fn measure_with_small_base_is_withheld() {
        assert_eq!(
            measure(31_500.0, 9, &rules()),
            Published::Withheld(Reason::SmallBase)
        );
        assert_eq!(measure(31_500.0, 10, &rules()), Published::Value(31_500.0));
    }

    #[test]
    fn measure_of_nobody_or_not_a_number_is_shorthand() {
        assert_eq!(
            measure(0.0, 0, &rules()),
            Published::Shorthand(Shorthand::NotApplicable)
        );
        assert_eq!(
            measure(f64::NAN, 50, &rules()),
            Published::Shorthand(Shorthand::NotAvailable)
        );
    }

    // ---- Secondary suppression ---------------------------------------------------------

    #[test]
    fn secondary_suppression_in_a_row() {
        let line = protect_line(&line_of(&[5, 30, 20, 40]), &rules(), true);
        assert_eq!(line.values(), vec![W, count(30), S, count(40)]);
        assert_eq!(line.total(), Some(count(95)));
    }

    #[test]
    fn secondary_suppression_picks_the_smallest_other_cell() {
        let line = protect_line(&line_of(&[50, 12, 5, 11, 40]), &rules(), true);
        assert_eq!(line.values(), vec![count(50), count(12), W, S, count(40)]);
    }

    #[test]
    fn secondary_suppression_ties_go_to_the_first_cell() {
        let line = protect_line(&line_of(&[20, 5, 20]), &rules(), true);
        assert_eq!(line.values(), vec![S, W, count(20)]);
    }

    #[test]
    fn secondary_suppression_in_a_column() {
        let grid = protect_grid(
            &inputs(&[&[40], &[5], &[25], &[30]]),
            &rules(),
            Totals::COLUMNS,
        );
        assert_eq!(withheld_cells(&grid), vec![(1, 0), (2, 0)]);
        assert_eq!(grid.column_total(0), Some(count(100)));
        assert_eq!(grid.row_total(0), None);
    }

    #[test]
    fn secondary_not_needed_without_a_published_total() {
        let line = protect_line(&line_of(&[5, 30, 20, 40]), &rules(), false);
        assert_eq!(line.values(), vec![W, count(30), count(20), count(40)]);
        assert_eq!(line.total(), None);
        let grid = protect_grid(&inputs(&[&[5, 30], &[20, 40]]), &rules(), Totals::NONE);
        assert_eq!(withheld_cells(&grid), vec![(0, 0)]);
        assert_eq!(grid.grand_total(), None);
    }

    #[test]
    fn secondary_not_needed_with_two_withheld_cells() {
        let line = protect_line(&line_of(&[5, 30, 6, 40]), &rules(), true);
        assert_eq!(line.values(), vec![W, count(30), W, count(40)]);
    }

    #[test]
    fn secondary_skips_zeros() {
        let line = protect_line(&line_of(&[5, 0, 0, 30]), &rules(), true);
        assert_eq!(line.values(), vec![W, count(0), count(0), S]);
    }

    #[test]
    fn secondary_withholds_the_total_when_other_cells_are_zero() {
        // The total equals the withheld cell, so it is withheld too (here it is small).
        let line = protect_line(&line_of(&[5, 0, 0]), &rules(), true);
        assert_eq!(line.values(), vec![W, count(0), count(0)]);
        assert!(line.total().is_some_and(|t| t.is_withheld()));
        // `[z]` cannot be withheld: with nothing else, the total goes.
        let line = protect_line(
            &[Input::Count(2), Z, Input::Count(0)],
            &rounding(3, 0),
            true,
        );
        assert_eq!(line.values()[0], W);
        assert_eq!(line.total(), Some(W));
    }

    #[test]
    fn secondary_withholds_a_total_when_no_cell_can_protect() {
        // One column: each row total is the cell itself. The 5 is alone in its column, so
        // the 40 goes with it, and both row totals; the grand total stays.
        let grid = protect_grid(&inputs(&[&[5], &[40]]), &rules(), Totals::ROWS);
        assert_eq!(withheld_cells(&grid), vec![(0, 0), (1, 0)]);
        assert_eq!(grid.row_total(0), Some(W));
        assert_eq!(grid.row_total(1), Some(S));
        assert_eq!(grid.grand_total(), Some(count(45)));
    }

    #[test]
    fn secondary_cascade_across_rows_and_columns_settles() {
        let grid = protect_grid(
            &inputs(&[&[5, 20, 30], &[40, 50, 60], &[70, 80, 90]]),
            &rules(),
            Totals::BOTH,
        );
        // The classic rectangle: one more in the row, one in the column, and the corner.
        assert_eq!(withheld_cells(&grid), vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
        assert_eq!(grid.get(0, 1), S);
        assert_eq!(grid.get(1, 0), S);
        assert_eq!(grid.get(1, 1), S);
        for r in 0..3 {
            assert!(grid.row_total(r).is_some_and(|t| !t.is_withheld()));
        }
        for c in 0..3 {
            assert!(grid.column_total(c).is_some_and(|t| !t.is_withheld()));
        }
    }

    #[test]
    fn secondary_in_a_row_creates_a_lone_cell_in_a_column() {
        // The row's secondary (12, column 1) is alone in column 1, whose total is published;
        // protecting it reaches row 1, whose secondary is then needed too.
        let grid = protect_grid(
            &inputs(&[&[5, 12, 60], &[7, 40, 80], &[30, 50, 70]]),
            &rules(),
            Totals::BOTH,
        );
        assert_differencing_impossible(&grid);
        assert_eq!(withheld_cells(&grid), vec![(0, 0), (0, 1), (1, 0), (1, 1)]);
    }

    #[test]
    fn secondary_only_in_published_dimension() {
        // Rows published, columns not: the 5 needs a partner in its row only.
        let grid = protect_grid(
            &inputs(&[&[5, 20, 30], &[40, 50, 60]]),
            &rules(),
            Totals::ROWS,
        );
        assert_eq!(withheld_cells(&grid), vec![(0, 0), (0, 1)]);
        assert_eq!(grid.column_total(0), None);
        assert_eq!(grid.grand_total(), Some(count(205)));
    }

    #[test]
    fn secondary_protects_an_unpublished_small_total() {
        // Row totals are not published, but row 0's total (7) would follow from the
        // grand total minus row 1, so something more is withheld.
        let grid = protect_grid(&inputs(&[&[3, 4], &[20, 30]]), &rules(), Totals::COLUMNS);
        assert_differencing_impossible(&grid);
        assert_linear_attack_fails(&grid, &inputs(&[&[3, 4], &[20, 30]]), &rules());
    }

    #[test]
    fn secondary_keeps_the_grand_total_when_it_can() {
        let grid = protect_grid(&inputs(&[&[5], &[40], &[50]]), &rules(), Totals::ROWS);
        assert_eq!(grid.grand_total(), Some(count(95)));
        assert_linear_attack_fails(&grid, &inputs(&[&[5], &[40], &[50]]), &rules());
    }

    #[test]
    fn secondary_differencing_attack_fails_on_a_worked_example() {
        let cells = inputs(&[
            &[120, 4, 35, 0],
            &[60, 15, 3, 22],
            &[9, 44, 51, 18],
            &[70, 0, 12, 8],
        ]);
        let grid = protect_grid(&cells, &rules(), Totals::BOTH);
        assert_differencing_impossible(&grid);
        assert_linear_attack_fails(&grid, &cells, &rules());
        assert!(grid.withheld_count() >= 5);
    }

    // ---- Rounding ----------------------------------------------------------------------

    #[test]
    fn rounding_to_five_rounds_published_counts() {
        let rules = rounding(10, 5);
        let rounded: Vec<Published> = [10, 11, 12, 13, 14, 17, 18, 1002]
            .iter()
            .map(|&n| protect_total(n, &rules))
            .collect();
        let expected = [10, 10, 10, 15, 15, 15, 20, 1000].map(count);
        assert_eq!(rounded, expected);
        assert_eq!(protect_total(9, &rules), W);
        assert_eq!(protect_total(0, &rules), count(0));
    }

    #[test]
    fn rounding_halves_go_up() {
        let rules = rounding(0, 10);
        assert_eq!(protect_total(15, &rules), count(20));
        assert_eq!(protect_total(25, &rules), count(30));
        assert_eq!(protect_total(14, &rules), count(10));
    }

    #[test]
    fn rounding_off_for_zero_or_one() {
        assert_eq!(protect_total(13, &rounding(10, 0)), count(13));
        assert_eq!(protect_total(13, &rounding(10, 1)), count(13));
    }

    #[test]
    fn rounding_a_count_to_zero_publishes_low() {
        let rules = rounding(0, 5);
        assert_eq!(
            protect_total(2, &rules),
            Published::Shorthand(Shorthand::Low)
        );
        assert_eq!(protect_total(3, &rules), count(5));
        assert_eq!(protect_total(0, &rules), count(0));
    }

    #[test]
    fn rounding_low_is_protected_like_withheld() {
        let line = protect_line(&line_of(&[2, 30, 20, 40]), &rounding(0, 5), true);
        assert_eq!(
            line.values(),
            vec![
                Published::Shorthand(Shorthand::Low),
                count(30),
                S,
                count(40)
            ]
        );
        assert_eq!(line.total(), Some(count(90)));
    }

    #[test]
    fn rounding_does_not_overflow() {
        let rules = rounding(10, 5);
        let top = protect_total(u64::MAX, &rules).count();
        assert!(top.is_some_and(|n| n % 5 == 0 && n >= u64::MAX - 5));
    }

    #[test]
    fn rounding_totals_rounded_on_their_own() {
        let grid = protect_grid(&inputs(&[&[12, 12, 12]]), &rounding(10, 5), Totals::ROWS);
        assert_eq!(grid.get(0, 0), count(10));
        assert_eq!(grid.row_total(0), Some(count(35)));
    }

    #[test]
    fn rounding_shares_use_unrounded_counts() {
        let grid = protect_grid(&inputs(&[&[12, 36]]), &rounding(10, 5), Totals::ROWS);
        assert_eq!(grid.row_share(0, 0), Some(Published::Share(25.0)));
        assert_eq!(grid.row_share(0, 1), Some(Published::Share(75.0)));
    }

    // ---- Shares of a grid --------------------------------------------------------------

    #[test]
    fn grid_shares_of_rows_and_columns() {
        let grid = protect_grid(&inputs(&[&[30, 10], &[10, 50]]), &rules(), Totals::BOTH);
        assert_eq!(grid.row_share(0, 0), Some(Published::Share(75.0)));
        assert_eq!(grid.column_share(1, 0), Some(Published::Share(25.0)));
        assert_eq!(grid.row_share(2, 0), None);
    }

    #[test]
    fn grid_shares_withheld_with_their_cells() {
        let grid = protect_grid(&inputs(&[&[5, 30, 20, 45]]), &rules(), Totals::ROWS);
        assert_eq!(grid.row_share(0, 0), Some(W));
        assert_eq!(grid.row_share(0, 2), Some(S));
        assert_eq!(grid.row_share(0, 1), Some(Published::Share(30.0)));
    }

    #[test]
    fn grid_shares_need_published_totals() {
        let grid = protect_grid(&inputs(&[&[30, 40]]), &rules(), Totals::NONE);
        assert_eq!(grid.row_share(0, 0), None);
        assert_eq!(grid.column_share(0, 0), None);
    }

    #[test]
    fn grid_shares_of_a_small_total_are_withheld() {
        let grid = protect_grid(
            &inputs(&[&[3, 4], &[20, 30], &[40, 60]]),
            &rules(),
            Totals::ROWS,
        );
        assert_eq!(grid.row_share(0, 0), Some(W));
        assert_eq!(grid.row_share(0, 1), Some(W));
        // Row 1's total is withheld to protect row 0's: its shares go with it.
        assert_eq!(grid.row_share(1, 0), Some(S));
        assert_eq!(grid.row_share(2, 0), Some(Published::Share(40.0)));
        let zeros = protect_grid(&inputs(&[&[0, 0]]), &rules(), Totals::ROWS);
        assert_eq!(
            zeros.row_share(0, 0),
            Some(Published::Shorthand(Shorthand::NotApplicable))
        );
    }

    #[test]
    fn line_share_follows_protection() {
        let line = protect_line(&line_of(&[5, 30, 20, 45]), &rules(), true);
        assert_eq!(line.share(1), Some(Published::Share(30.0)));
        assert_eq!(line.share(2), Some(S));
        assert_eq!(
            protect_line(&line_of(&[30]), &rules(), false).share(0),
            None
        );
    }

    // ---- Shorthand in the data ---------------------------------------------------------

    #[test]
    fn shorthand_cells_are_kept_as_written() {
        let line = protect_line(
            &[C, X, Z, Input::Shorthand(Shorthand::Low)],
            &rules(),
            false,
        );
        assert_eq!(
            line.values(),
            vec![
                Published::Shorthand(Shorthand::Confidential),
                Published::Shorthand(Shorthand::NotAvailable),
                Published::Shorthand(Shorthand::NotApplicable),
                Published::Shorthand(Shorthand::Low),
            ]
        );
        assert!(line.values().iter().all(|v| v.number().is_none()));
        assert!(line.tally().is_empty());
    }

    #[test]
    fn shorthand_confidential_makes_totals_over_it_unknown() {
        // The [c] is not in the total Ladder could print, so the total is [x] and the
        // [c] cannot be worked out: no other cell needs withholding.
        let line = protect_line(&[C, Input::Count(20), Input::Count(30)], &rules(), true);
        assert_eq!(line.get(1), count(20));
        assert_eq!(line.get(2), count(30));
        assert_eq!(
            line.total(),
            Some(Published::Shorthand(Shorthand::NotAvailable))
        );
        assert_eq!(
            line.share(1),
            Some(Published::Shorthand(Shorthand::NotAvailable))
        );
    }

    #[test]
    fn shorthand_confidential_counts_as_withheld_in_a_table() {
        let cells = vec![
            vec![C, Input::Count(30), Input::Count(40)],
            vec![Input::Count(20), Input::Count(5), Input::Count(60)],
            vec![Input::Count(50), Input::Count(70), Input::Count(80)],
        ];
        let grid = protect_grid(&cells, &rules(), Totals::BOTH);
        assert_eq!(
            grid.get(0, 0),
            Published::Shorthand(Shorthand::Confidential)
        );
        assert_eq!(
            grid.column_total(0),
            Some(Published::Shorthand(Shorthand::NotAvailable))
        );
        assert_eq!(
            grid.row_total(0),
            Some(Published::Shorthand(Shorthand::NotAvailable))
        );
        // The 5 still needs protecting in its row and column.
        assert_differencing_impossible(&grid);
        assert_linear_attack_fails(&grid, &cells, &rules());
        assert!(grid.withheld_count() >= 2);
    }

    #[test]
    fn shorthand_not_applicable_counts_as_nothing() {
        let line = protect_line(
            &[Input::Count(5), Z, Input::Count(20), Input::Count(30)],
            &rules(),
            true,
        );
        assert_eq!(line.total(), Some(count(55)));
        assert_eq!(line.get(2), S);
    }

    #[test]
    fn shorthand_parse_and_symbols() {
        for shorthand in Shorthand::ALL {
            assert_eq!(Shorthand::parse(shorthand.symbol()), Some(shorthand));
            assert!(!shorthand.meaning().is_empty());
        }
        assert_eq!(Shorthand::parse(" [LOW] "), Some(Shorthand::Low));
        assert_eq!(Shorthand::parse("c"), None);
    }

    #[test]
    fn ragged_rows_are_padded_with_not_available() {
        let grid = protect_grid(
            &[line_of(&[30, 40]), line_of(&[50])],
            &rules(),
            Totals::NONE,
        );
        assert_eq!(grid.columns(), 2);
        assert_eq!(
            grid.get(1, 1),
            Published::Shorthand(Shorthand::NotAvailable)
        );
        assert_eq!(
            grid.get(5, 5),
            Published::Shorthand(Shorthand::NotAvailable)
        );
    }

    #[test]
    fn empty_grid_and_line() {
        let grid = protect_grid(&[], &rules(), Totals::BOTH);
        assert_eq!((grid.rows(), grid.columns()), (0, 0));
        assert_eq!(grid.grand_total(), Some(count(0)));
        let line = protect_line(&[], &rules(), true);
        assert!(line.is_empty());
        assert_eq!(line.total(), Some(count(0)));
    }

    // ---- Published, tally and words ----------------------------------------------------

    #[test]
    fn published_helpers() {
        assert_eq!(count(12).number(), Some(12.0));
        assert_eq!(count(12).symbol("[c]"), None);
        assert_eq!(W.number(), None);
        assert_eq!(W.symbol("[s]"), Some("[s]"));
        assert_eq!(W.reason(), Some(Reason::BelowThreshold));
        assert_eq!(
            Published::Shorthand(Shorthand::Low).symbol("[c]"),
            Some("[low]")
        );
        assert!(!Published::Shorthand(Shorthand::Confidential).is_withheld());
    }

    #[test]
    fn debug_output_shows_only_published_values() {
        let grid = protect_grid(&inputs(&[&[9, 20, 40]]), &rules(), Totals::NONE);
        let shown = format!("{grid:?}");
        assert!(shown.contains("20") && shown.contains("40"));
        assert!(!shown.contains('9'), "{shown}");
    }

    #[test]
    fn tally_counts_withheld_values_by_reason() {
        let grid = protect_grid(&inputs(&[&[5, 30, 20, 40]]), &rules(), Totals::ROWS);
        let tally = grid.tally();
        assert_eq!((tally.below_threshold, tally.secondary), (1, 1));
        assert_eq!(grid.withheld_count(), 2);
        let mut more = Tally::of(&[Published::Withheld(Reason::SmallBase), count(3)]);
        more.merge(&tally);
        assert_eq!(more.total(), 3);
    }

    #[test]
    fn note_none_when_nothing_withheld() {
        assert_eq!(note(&Tally::default(), &rules(), "[c]"), None);
    }

    #[test]
    fn note_one_small_value() {
        let tally = Tally::of(&[W]);
        assert_eq!(
            note(&tally, &rules(), "[c]").as_deref(),
            Some("1 value is withheld ([c]) because it is based on fewer than 10 people.")
        );
    }

    #[test]
    fn note_mixed_reasons_matches_brief() {
        let tally = Tally::of(&[W, S]);
        assert_eq!(
            note(&tally, &rules(), "[c]").as_deref(),
            Some(
                "2 values are withheld ([c]) because they are based on fewer than 10 people, \
                 or because they would let a withheld value be worked out."
            )
        );
    }

    #[test]
    fn note_secondary_only() {
        let tally = Tally::of(&[S]);
        assert_eq!(
            note(&tally, &rules(), "[c]").as_deref(),
            Some("1 value is withheld ([c]) because it would let a withheld value be worked out.")
        );
    }

    #[test]
    fn note_never_says_zero() {
        let tally = Tally::of(&[Published::Withheld(Reason::Zero)]);
        let text = note(&tally, &rules(), "[c]").unwrap_or_default();
        assert!(text.contains("fewer than 10 people"), "{text}");
        assert!(!text.contains("zero"), "{text}");
    }

    #[test]
    fn note_uses_symbol_threshold_and_digit_groups() {
        let tally = Tally {
            below_threshold: 1234,
            ..Tally::default()
        };
        let rules = Rules {
            threshold: 1000,
            ..Rules::default()
        };
        assert_eq!(
            note(&tally, &rules, "[s]").as_deref(),
            Some(
                "1,234 values are withheld ([s]) because they are based on fewer than 1,000 people."
            )
        );
        let one = Rules {
            threshold: 1,
            suppress_zeros: true,
            ..Rules::default()
        };
        assert!(
            note(
                &Tally::of(&[Published::Withheld(Reason::Zero)]),
                &one,
                "[c]"
            )
            .is_some_and(|text| text.contains("too few people"))
        );
    }

    #[test]
    fn rounding_note_only_when_rounding() {
        assert_eq!(rounding_note(&rules()), None);
        assert!(rounding_note(&rounding(10, 5)).is_some_and(|text| text.contains("nearest 5")));
    }

    #[test]
    fn symbols_explained_lists_the_withheld_symbol_once() {
        let default = symbols_explained("[c]");
        assert_eq!(default.len(), 5);
        assert_eq!(default[0].0, "[c]");
        let custom = symbols_explained("[s]");
        assert_eq!(custom.len(), 6);
        assert_eq!(custom[0], ("[s]".to_string(), WITHHELD_MEANING));
        assert!(custom.iter().any(|(symbol, _)| symbol == "[low]"));
    }

    #[test]
    fn group_digits_puts_commas_between_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }

    // ---- Attacks -----------------------------------------------------------------------

    /// True when a reader does not know the value: anything but a count or `[z]`.
    fn hidden(value: Option<Published>) -> bool {
        !matches!(
            value,
            Some(Published::Count(_) | Published::Shorthand(Shorthand::NotApplicable))
        )
    }

    /// The brief's differencing test: in every line whose total is published as a count,
    /// a hidden cell is never alone (total minus the published cells would give it).
    fn assert_differencing_impossible(grid: &Grid) {
        let (rows, columns) = (grid.rows(), grid.columns());
        for r in 0..rows {
            if let Some(Published::Count(_)) = grid.row_total(r) {
                let hidden = (0..columns)
                    .filter(|&c| hidden(Some(grid.get(r, c))))
                    .count();
                assert_ne!(hidden, 1, "row {r} of {grid:?}");
            }
        }
        for c in 0..columns {
            if let Some(Published::Count(_)) = grid.column_total(c) {
                let hidden = (0..rows).filter(|&r| hidden(Some(grid.get(r, c)))).count();
                assert_ne!(hidden, 1, "column {c} of {grid:?}");
            }
        }
        if let Some(Published::Count(_)) = grid.grand_total() {
            if grid.totals.rows {
                let hidden = (0..rows).filter(|&r| hidden(grid.row_total(r))).count();
                assert_ne!(hidden, 1, "row totals of {grid:?}");
            }
            if grid.totals.columns {
                let hidden = (0..columns)
                    .filter(|&c| hidden(grid.column_total(c)))
                    .count();
                assert_ne!(hidden, 1, "column totals of {grid:?}");
            }
        }
    }

    const PRIME: u64 = (1 << 61) - 1;

    fn mul(a: u64, b: u64) -> u64 {
        ((a as u128 * b as u128) % PRIME as u128) as u64
    }

    fn inverse(a: u64) -> u64 {
        let (mut result, mut base, mut exp) = (1u64, a, PRIME - 2);
        while exp > 0 {
            if exp & 1 == 1 {
                result = mul(result, base);
            }
            base = mul(base, base);
            exp >>= 1;
        }
        result
    }

    /// A stronger attacker than differencing, written independently of the module: every
    /// sum the table implies (rows, columns, row totals, column totals) as linear equations
    /// in the values the reader does not see, reduced exactly (modulo a prime far above
    /// any minor of these 0/±1 matrices). A value is worked out exactly when its unit vector
    /// lies in the row space. Asserts no value that must stay hidden (withheld, `[c]`,
    /// `[low]`, or an unpublished total below the threshold) can be.
    fn assert_linear_attack_fails(grid: &Grid, cells: &[Vec<Input>], rules: &Rules) {
        let (rows, columns) = (grid.rows(), grid.columns());
        let seen = |r: usize, c: usize| -> Option<Published> {
            match (r == rows, c == columns) {
                (false, false) => Some(grid.get(r, c)),
                (false, true) => grid.row_total(r),
                (true, false) => grid.column_total(c),
                (true, true) => grid.grand_total(),
            }
        };
        // True sums, for unpublished totals.
        let value = |r: usize, c: usize| -> Option<u64> {
            match cells.get(r).and_then(|row| row.get(c)) {
                Some(Input::Count(n)) => Some(*n),
                Some(&Z) => Some(0),
                _ => None,
            }
        };
        // A total over only `[z]` is known to be nothing, so not sensitive.
        let is_z = |r: usize, c: usize| cells.get(r).and_then(|row| row.get(c)) == Some(&Z);
        let row_sum = |r: usize| {
            let all_z = (0..columns).all(|c| is_z(r, c));
            let sum = (0..columns).map(|c| value(r, c)).sum::<Option<u64>>();
            sum.filter(|_| !all_z)
        };
        let column_sum = |c: usize| {
            let all_z = (0..rows).all(|r| is_z(r, c));
            let sum = (0..rows).map(|r| value(r, c)).sum::<Option<u64>>();
            sum.filter(|_| !all_z)
        };
        let truth = |r: usize, c: usize| -> Option<u64> {
            match (r == rows, c == columns) {
                (false, false) => value(r, c),
                (false, true) => row_sum(r),
                (true, false) => column_sum(c),
                (true, true) => {
                    let all_z = (0..rows).all(|r| (0..columns).all(|c| is_z(r, c)));
                    let sum = (0..rows)
                        .flat_map(|r| (0..columns).map(move |c| (r, c)))
                        .map(|(r, c)| value(r, c))
                        .sum::<Option<u64>>();
                    sum.filter(|_| !all_z)
                }
            }
        };
        let positions: Vec<(usize, usize)> = (0..=rows)
            .flat_map(|r| (0..=columns).map(move |c| (r, c)))
            .filter(|&(r, c)| hidden(seen(r, c)))
            .collect();
        let column_of = |r: usize, c: usize| positions.iter().position(|&p| p == (r, c));
        let minus_one = PRIME - 1;
        let mut matrix: Vec<Vec<u64>> = Vec::new();
        for r in 0..=rows {
            let mut equation = vec![0; positions.len()];
            for c in 0..=columns {
                if let Some(k) = column_of(r, c) {
                    equation[k] = if c == columns { minus_one } else { 1 };
                }
            }
            matrix.push(equation);
        }
        for c in 0..=columns {
            let mut equation = vec![0; positions.len()];
            for r in 0..=rows {
                if let Some(k) = column_of(r, c) {
                    equation[k] = if r == rows { minus_one } else { 1 };
                }
            }
            matrix.push(equation);
        }
        // Reduced row echelon form.
        let mut pivots: Vec<(usize, usize)> = Vec::new();
        let mut next = 0;
        for k in 0..positions.len() {
            let Some(found) = (next..matrix.len()).find(|&i| matrix[i][k] != 0) else {
                continue;
            };
            matrix.swap(next, found);
            let scale = inverse(matrix[next][k]);
            for x in matrix[next].iter_mut() {
                *x = mul(*x, scale);
            }
            let pivot = matrix[next].clone();
            for (i, equation) in matrix.iter_mut().enumerate() {
                let factor = equation[k];
                if i != next && factor != 0 {
                    for (x, p) in equation.iter_mut().zip(&pivot) {
                        *x = (*x + PRIME - mul(factor, *p)) % PRIME;
                    }
                }
            }
            pivots.push((next, k));
            next += 1;
        }
        for (row, k) in pivots {
            let determined = matrix[row]
                .iter()
                .enumerate()
                .all(|(j, &x)| j == k || x == 0);
            let (r, c) = positions[k];
            let must_hide = match seen(r, c) {
                Some(Published::Withheld(_))
                | Some(Published::Shorthand(Shorthand::Confidential | Shorthand::Low)) => true,
                None => truth(r, c).is_some_and(|n| rules.is_small(n)),
                _ => false,
            };
            assert!(
                !(determined && must_hide),
                "({r}, {c}) can be worked out in {grid:?} from {cells:?}"
            );
        }
    }

    /// xorshift64: a small deterministic generator, so the property tests need no crate.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn random_grid(random: &mut XorShift, shorthand: bool) -> Vec<Vec<Input>> {
        let rows = 1 + random.below(6) as usize;
        let columns = 1 + random.below(6) as usize;
        (0..rows)
            .map(|_| {
                (0..columns)
                    .map(|_| {
                        if shorthand && random.below(20) == 0 {
                            Input::Shorthand(Shorthand::ALL[random.below(5) as usize])
                        } else {
                            Input::Count(random.below(41))
                        }
                    })
                    .collect()
            })
            .collect()
    }

    const ALL_TOTALS: [Totals; 4] = [Totals::NONE, Totals::ROWS, Totals::COLUMNS, Totals::BOTH];

    #[test]
    fn property_random_grids_resist_differencing() {
        let mut random = XorShift(0x9E37_79B9_7F4A_7C15);
        for round in 0..3000 {
            let cells = random_grid(&mut random, round % 2 == 0);
            let rules = Rules {
                threshold: [10, 5, 3][round % 3],
                round_to: 0,
                suppress_zeros: round % 5 == 0,
            };
            let totals = ALL_TOTALS[round % 4];
            let grid = protect_grid(&cells, &rules, totals);
            assert_differencing_impossible(&grid);
        }
    }

    #[test]
    fn property_random_grids_resist_linear_attack() {
        let mut random = XorShift(0x2545_F491_4F6C_DD1D);
        for round in 0..2000 {
            let cells = random_grid(&mut random, round % 3 == 0);
            let rules = Rules {
                threshold: [10, 5, 3][round % 3],
                round_to: 0,
                suppress_zeros: round % 7 == 0,
            };
            let totals = ALL_TOTALS[round % 4];
            let grid = protect_grid(&cells, &rules, totals);
            assert_linear_attack_fails(&grid, &cells, &rules);
        }
    }

    #[test]
    fn property_random_grids_publish_no_small_counts() {
        let mut random = XorShift(0xD1B5_4A32_D192_ED03);
        for round in 0..3000 {
            let cells = random_grid(&mut random, round % 2 == 1);
            let rules = Rules {
                threshold: [10, 5, 3, 10][round % 4],
                round_to: [0, 5][round % 2],
                suppress_zeros: round % 3 == 0,
            };
            let grid = protect_grid(&cells, &rules, ALL_TOTALS[round % 4]);
            let mut published: Vec<Published> = Vec::new();
            for r in 0..grid.rows() {
                published.extend((0..grid.columns()).map(|c| grid.get(r, c)));
                published.extend(grid.row_total(r));
            }
            published.extend((0..grid.columns()).filter_map(|c| grid.column_total(c)));
            published.extend(grid.grand_total());
            for value in published {
                if let Published::Count(n) = value {
                    let zero_allowed = n == 0 && !rules.suppress_zeros;
                    // A rounded count stands for one at or above the threshold, so it may
                    // be at most half a step below it.
                    let floor = rules.threshold.saturating_sub(rules.round_to / 2);
                    assert!(zero_allowed || (n > 0 && n >= floor), "{n} in {grid:?}");
                    if rules.round_to > 1 {
                        assert_eq!(n % rules.round_to, 0);
                    }
                }
            }
            // Shares follow their cells: never a number where the count is hidden.
            if grid.totals.rows {
                for r in 0..grid.rows() {
                    for c in 0..grid.columns() {
                        if grid.get(r, c).number().is_none() {
                            assert!(grid.row_share(r, c).is_some_and(|s| s.number().is_none()));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn property_random_lines_resist_differencing() {
        let mut random = XorShift(0x0123_4567_89AB_CDEF);
        for round in 0..3000 {
            let length = 1 + random.below(8) as usize;
            let cells: Vec<Input> = (0..length)
                .map(|_| Input::Count(random.below(41)))
                .collect();
            let rules = Rules {
                threshold: [10, 5][round % 2],
                round_to: 0,
                suppress_zeros: round % 3 == 0,
            };
            let line = protect_line(&cells, &rules, true);
            if let Some(Published::Count(_)) = line.total() {
                let hidden = line.values().iter().filter(|v| hidden(Some(**v))).count();
                assert_ne!(hidden, 1, "{line:?}");
            }
            let grid = protect_grid(std::slice::from_ref(&cells), &rules, Totals::ROWS);
            assert_linear_attack_fails(&grid, &[cells], &rules);
        }
    }
}
