//! The one error type of Ladder: a [`Diagnostic`] names the file, line and column of a
//! problem, says what is wrong in plain English and how to fix it. A build collects every
//! diagnostic in a [`Diagnostics`] list and reports them together, sorted by place.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is: errors stop the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a report source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the source folder where possible.
    pub file: PathBuf,
    /// 1-based line number, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column number (in characters), when known.
    pub column: Option<usize>,
    /// What is wrong, in plain English.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    /// Sets the line (1-based).
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// Sets the line and column (both 1-based).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The place as `file:line:column`, as much of it as is known.
    pub fn place(&self) -> String {
        let mut place = self.file.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(place, ":{line}");
            if let Some(column) = self.column {
                let _ = write!(place, ":{column}");
            }
        }
        place
    }

    /// Renders the diagnostic for a person: the place, the message, the offending line of
    /// the source with a caret under the column, and the hint. `root` is the source folder,
    /// used to read the offending line.
    pub fn render(&self, root: &Path) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {}\n  --> {}\n", self.message, self.place());
        if let Some(line_no) = self.line
            && let Some(text) = source_line(&root.join(&self.file), line_no)
        {
            let gutter = line_no.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {}", text.trim_end());
            if let Some(column) = self.column {
                let indent: String = text
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} | {indent}^");
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = how to fix: {hint}");
        }
        out
    }

    fn sort_key(&self) -> (&Path, usize, usize, Severity, &str) {
        (
            &self.file,
            self.line.unwrap_or(0),
            self.column.unwrap_or(0),
            self.severity,
            &self.message,
        )
    }
}

/// Reads one line of a file for display, if the file is text and has that line.
fn source_line(path: &Path, line_no: usize) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() > 64 * 1024 * 1024 {
        return None;
    }
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().nth(line_no.checked_sub(1)?)?;
    // Long lines (minified data, generated files) are cut for display.
    Some(line.chars().take(200).collect())
}

/// All the diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// The number of errors, each counted once however many checks found it.
    pub fn error_count(&self) -> usize {
        self.sorted().iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings, each counted once.
    pub fn warning_count(&self) -> usize {
        self.sorted().iter().filter(|d| !d.is_error()).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The diagnostics sorted by file, line and column, duplicates removed.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        items.dedup();
        items
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics {
            items: vec![diagnostic],
        }
    }
}

/// Converts a byte offset in `text` to a 1-based (line, column) pair, the column counted
/// in characters.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest candidate to `word`, for "did you mean …" hints, if any is close enough.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// A hint naming the nearest known word, or listing the known words.
pub fn suggestion_hint<'a>(
    word: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    match did_you_mean(word, known.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            let list: Vec<String> = known.into_iter().map(|k| format!("`{k}`")).collect();
            if list.is_empty() {
                format!("there are no {what} to choose from")
            } else {
                format!("the known {what} are {}", list.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // 'é' is two bytes: the space after it is the third character.
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let known = ["title", "organisation", "year"];
        assert_eq!(did_you_mean("titel", known), Some("title"));
        assert_eq!(did_you_mean("organization", known), Some("organisation"));
        assert_eq!(did_you_mean("zzzz", known), None);
    }

    #[test]
    fn diagnostics_sort_by_place() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::error("b.md", "late").at_line(1));
        all.push(Diagnostic::error("a.md", "second").at_line(9));
        all.push(Diagnostic::error("a.md", "first").at_line(2));
        let order: Vec<String> = all.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(order, ["first", "second", "late"]);
    }
}
