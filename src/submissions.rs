//! `submissions/NAME.yaml`: Employer Index and award entries (FORMAT.md section 10). Each
//! file is one entry: a scheme, a deadline and sections of questions, each with a prompt,
//! an optional word limit, an answer (a markdown file or inline text) and optional
//! evidence links to pages of the report.
//!
//! Output, per file:
//! - the body of `submissions/NAME/index.html` ([`page_html`]): scheme, deadline with the
//!   days remaining at `published`, a coverage table, and every question with its answer
//!   rendered from markdown, "287 of 300 words" under it, an over-the-limit flag in words,
//!   and the evidence links, checked and rewritten like page links;
//! - `submissions/NAME.txt` ([`text_export`]): every answer as plain text, ready to paste
//!   into an online form;
//! - diagnostics for answers over their word limit ([`check_limits`]): a warning in
//!   `build`, an error in `check`.
//!
//! Rules where FORMAT.md is silent:
//! - `answer:` is a file when, trimmed, it ends in `.md` and is one line (the same rule
//!   that keeps answer files out of the pages); the path is relative to the source folder.
//!   Links inside an answer file are relative to that file, as in pages; links in inline
//!   answers and `evidence:` links are relative to the source folder.
//! - A question with no `answer:`, or an empty one, is "not answered yet" (entrants may
//!   skip sections). `word_limit` and `evidence` are optional; `deadline` is optional.
//! - Words are counted by [`crate::wordcount`] (its module documentation has the rule).
//! - Coverage ([`coverage`]): a scheme whose name contains "Employer Index" (any case) is
//!   an Employer Index entry. Each of the seven written Index areas has key words; a
//!   section belongs to an area when its title, in any case, contains a word that starts
//!   with one of the area's key words (a two-word key needs both words in a row), so
//!   "Progressing talent" matches `progress`. A section may match several areas. An area
//!   is answered when one of its sections has an answered question. The key words are
//!   in [`INDEX_AREAS`]. Any other scheme gets a table of its sections and what is
//!   answered.
//! - Stats (`{{ name }}`) cannot be used in answers: an answer is pasted into a form
//!   outside the report, where disclosure control cannot follow it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::checklist::{Keys, Status, check_keys};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean};
use crate::html::escape;
use crate::markdown::links::{Resolved, Resolver};
use crate::markdown::{self, Outline};
use crate::site::{self, Site};
use crate::source::{Date, ReadError, Source, normalise, read_text, slug};
use crate::wordcount;
use crate::yaml::{self, Spanned};

/// The folder of submission files, relative to the source folder.
pub const DIR: &str = "submissions";
/// Where the list of submissions is written (see [`index_html`]).
pub const INDEX_OUT: &str = "submissions/index.html";

/// The path links in inline answers and evidence are resolved from: a name at the top of
/// the source folder that can never be a page (names starting with `_` are ignored).
const ROOT_FROM: &str = "_submission";

// ---------------------------------------------------------------------------------------
// The model

/// One entry, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The file name without `.yaml`, as written.
    pub name: String,
    /// The name as used in the output: `submissions/{slug}/index.html`.
    pub slug: String,
    /// The file, relative to the source folder (`submissions/index-2025.yaml`).
    pub file: PathBuf,
    pub scheme: String,
    pub deadline: Option<Date>,
    pub sections: Vec<Section>,
}

/// A section of an entry ("Data collection").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    /// A unique anchor on the page.
    pub id: String,
    pub questions: Vec<Question>,
    pub line: usize,
}

impl Section {
    /// How many of its questions have an answer.
    pub fn answered(&self) -> usize {
        self.questions.iter().filter(|q| q.is_answered()).count()
    }
}

/// One question with its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The id as written (`dc1`).
    pub id: String,
    /// A unique anchor on the page (`q-dc1`).
    pub anchor: String,
    pub prompt: String,
    pub word_limit: Option<usize>,
    /// `None` when not answered yet.
    pub answer: Option<Answer>,
    pub evidence: Vec<Evidence>,
    /// The line of the question in the submission file.
    pub line: usize,
    /// The line of its `word_limit`, for messages about the limit.
    pub limit_line: usize,
}

impl Question {
    pub fn is_answered(&self) -> bool {
        self.answer.is_some()
    }

    /// The words of the answer (0 when not answered).
    pub fn words(&self) -> usize {
        self.answer.as_ref().map_or(0, |a| a.words)
    }

    /// How many words over its limit the answer is, if it is.
    pub fn over_limit(&self) -> Option<usize> {
        let limit = self.word_limit?;
        let words = self.words();
        (words > limit).then(|| words - limit)
    }

    /// "287 of 300 words", "287 words", "1 word".
    pub fn count_text(&self) -> String {
        let words = self.words();
        match self.word_limit {
            Some(limit) => format!(
                "{} of {}",
                crate::format::count(words as u64),
                words_text(limit)
            ),
            None => words_text(words),
        }
    }
}

fn words_text(n: usize) -> String {
    format!(
        "{} {}",
        crate::format::count(n as u64),
        if n == 1 { "word" } else { "words" }
    )
}

/// An answer's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Markdown.
    pub markdown: String,
    pub origin: Origin,
    /// The line of the answer's text: in the answer file (1) or in the submission file.
    pub line: usize,
    /// Words, counted by [`wordcount::count_markdown`].
    pub words: usize,
}

/// Where an answer is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A markdown file, relative to the source folder.
    File(PathBuf),
    /// In the submission file itself.
    Inline,
}

/// An evidence link as written, with its place in the submission file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub link: String,
    pub line: usize,
    pub column: usize,
}

impl Submission {
    /// The output file of the entry's page.
    pub fn page_out(&self) -> String {
        format!("{DIR}/{}/index.html", self.slug)
    }

    /// The output file of the plain-text export.
    pub fn text_out(&self) -> String {
        format!("{DIR}/{}.txt", self.slug)
    }

    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// Questions answered, and all questions.
    pub fn answered(&self) -> (usize, usize) {
        let all = self.questions().count();
        let answered = self.questions().filter(|q| q.is_answered()).count();
        (answered, all)
    }

    /// Is this an Employer Index entry (the scheme names "Employer Index")?
    pub fn is_employer_index(&self) -> bool {
        self.scheme.to_lowercase().contains("employer index")
    }

    /// The headings of the page, for a table of contents: (level, id, title).
    pub fn headings(&self) -> Vec<(u8, String, String)> {
        std::iter::once((
            2,
            "coverage".to_string(),
            coverage_heading(self).to_string(),
        ))
        .chain(
            self.sections
                .iter()
                .map(|s| (2, s.id.clone(), s.title.clone())),
        )
        .collect()
    }
}

/// One sentence for the page summary and the list of entries: "Our entry to the Social
/// Mobility Employer Index 2025: 7 of 9 questions answered."
pub fn summary(submission: &Submission) -> String {
    let (answered, all) = submission.answered();
    format!(
        "Our entry to {}: {answered} of {} answered.",
        submission.scheme,
        plural(all, "question", "questions")
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        crate::format::count(n as u64),
        if n == 1 { one } else { many }
    )
}

// ---------------------------------------------------------------------------------------
// Dates

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    day_number(to) - day_number(from)
}

/// Days since 1 March of year 0 in the proleptic Gregorian calendar (any fixed origin will
/// do: only differences are used).
fn day_number(date: Date) -> i64 {
    let (year, month) = if date.month <= 2 {
        (i64::from(date.year) - 1, i64::from(date.month) + 9)
    } else {
        (i64::from(date.year), i64::from(date.month) - 3)
    };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let day_of_year = (153 * month + 2) / 5 + i64::from(date.day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era
}

/// The deadline relative to publication, in words: "30 days remaining at publication",
/// "closes on the publication date", "closed 93 days before publication".
pub fn deadline_words(deadline: Date, published: Date) -> String {
    let days = days_between(published, deadline);
    let count = |n: i64| format!("{n} {}", if n == 1 { "day" } else { "days" });
    match days {
        0 => "closes on the publication date".to_string(),
        d if d > 0 => format!("{} remaining at publication", count(d)),
        d => format!("closed {} before publication", count(-d)),
    }
}

// ---------------------------------------------------------------------------------------
// Loading

const QUESTION_KEYS: Keys = Keys {
    subject: "a question",
    plural: "keys of a question",
    keys: &[
        ("id", None),
        ("prompt", None),
        ("word_limit", None),
        ("answer", None),
        ("evidence", None),
    ],
};
const SECTION_KEYS: Keys = Keys {
    subject: "a section",
    plural: "keys of a section",
    keys: &[("title", None), ("questions", Some(&QUESTION_KEYS))],
};
const TOP_KEYS: Keys = Keys {
    subject: "the submission",
    plural: "submission settings",
    keys: &[
        ("scheme", None),
        ("deadline", None),
        ("sections", Some(&SECTION_KEYS)),
    ],
};

#[derive(Debug, Deserialize)]
struct RawSubmission {
    scheme: Option<Spanned<String>>,
    deadline: Option<Spanned<String>>,
    sections: Option<Spanned<Vec<Spanned<RawSection>>>>,
}

#[derive(Debug, Deserialize)]
struct RawSection {
    title: Option<Spanned<String>>,
    questions: Option<Vec<Spanned<RawQuestion>>>,
}

#[derive(Debug, Deserialize)]
struct RawQuestion {
    id: Option<Spanned<String>>,
    prompt: Option<Spanned<String>>,
    word_limit: Option<Spanned<i64>>,
    answer: Option<Spanned<String>>,
    evidence: Option<Vec<Spanned<String>>>,
}

/// Reads every `submissions/*.yaml` (and `.yml`) of the source folder at `root`, sorted by
/// file name. A file with errors (reported to `diagnostics`) is left out.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Vec<Submission> {
    let Ok(entries) = std::fs::read_dir(root.join(DIR)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !n.starts_with('_'))
        .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
        .collect();
    names.sort();
    let mut submissions: Vec<Submission> = Vec::new();
    let mut slugs: BTreeMap<String, PathBuf> = BTreeMap::new();
    for name in names {
        let file = Path::new(DIR).join(&name);
        let text = match read_text(root, &file, "file") {
            Ok(text) => text,
            Err(ReadError::Invalid(d)) => {
                diagnostics.push(d);
                continue;
            }
            Err(ReadError::Io(error)) => {
                diagnostics.push(Diagnostic::error(
                    &file,
                    format!("could not read the file: {error}"),
                ));
                continue;
            }
        };
        let Some(submission) = parse(&text, &file, root, diagnostics) else {
            continue;
        };
        if let Some(first) = slugs.get(&submission.slug) {
            diagnostics.push(
                Diagnostic::error(
                    &file,
                    format!(
                        "this file and {} would both be published as {}",
                        first.display(),
                        submission.page_out()
                    ),
                )
                .with_hint("rename one of the two files"),
            );
            continue;
        }
        slugs.insert(submission.slug.clone(), file);
        submissions.push(submission);
    }
    submissions
}

/// Parses and checks one submission file (`file` is its path relative to the source
/// folder `root`, where answer files are read from). `None` when it has errors.
pub fn parse(
    text: &str,
    file: &Path,
    root: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Submission> {
    let name = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "the submission file is empty")
                .with_hint("add `scheme:`, `deadline:` and `sections:` (see the example report), or delete the file"),
        );
        return None;
    }
    let mut found = Diagnostics::new();
    let suggested = check_keys(text, file, &TOP_KEYS, &mut found);
    let raw: RawSubmission = match yaml::parse(text, file, 1) {
        Ok(raw) => raw,
        Err(d) => {
            found.push(d);
            diagnostics.extend(found);
            return None;
        }
    };
    let missing = |key: &str| !suggested.contains(key);
    let err = |line: usize, message: String, hint: &str| {
        Diagnostic::error(file, message)
            .at_line(line.max(1))
            .with_hint(hint)
    };

    let scheme = match &raw.scheme {
        Some(s) if !s.value.trim().is_empty() => s.value.trim().to_string(),
        Some(s) => {
            found.push(err(
                line_of(s),
                "the scheme is empty".to_string(),
                "write the scheme or award after `scheme:`, for example `scheme: Social Mobility Employer Index 2025`",
            ));
            String::new()
        }
        None => {
            if missing("scheme") {
                found.push(
                    Diagnostic::error(file, "the submission has no `scheme:`")
                        .at_line(1)
                        .with_hint(
                            "add a line such as `scheme: Social Mobility Employer Index 2025`",
                        ),
                );
            }
            String::new()
        }
    };

    let deadline = match &raw.deadline {
        Some(d) if d.value.trim().is_empty() => None,
        Some(d) => match Date::parse(&d.value) {
            Some(date) => Some(date),
            None => {
                found.push(
                    Diagnostic::error(
                        file,
                        format!("`deadline: {}` is not a date", d.value.trim()),
                    )
                    .at(line_of(d), column_of(d))
                    .with_hint(
                        "write the date as year-month-day, for example `deadline: 2025-06-30`",
                    ),
                );
                None
            }
        },
        None => None,
    };

    let mut sections = Vec::new();
    let mut section_ids = BTreeSet::new();
    let mut anchors = BTreeSet::new();
    let mut question_ids: BTreeMap<String, usize> = BTreeMap::new();
    match &raw.sections {
        None => {
            if missing("sections") {
                found.push(
                    Diagnostic::error(file, "the submission has no `sections:`")
                        .with_hint("add `sections:` with a list of sections, each with a `title:` and `questions:`"),
                );
            }
        }
        Some(list) if list.value.is_empty() => found.push(err(
            line_of(list),
            "the submission has no sections".to_string(),
            "list the sections under `sections:`, each with a `title:` and `questions:`",
        )),
        Some(list) => {
            for raw_section in &list.value {
                let line = line_of(raw_section);
                let title = match &raw_section.value.title {
                    Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
                    other => {
                        if other.is_some() || missing("title") {
                            found.push(err(
                                other.as_ref().map_or(line, line_of),
                                "a section has no title".to_string(),
                                "add `title:` with the section's name, for example `title: Data collection`",
                            ));
                        }
                        String::new()
                    }
                };
                let id = unique(&mut section_ids, &format!("s-{}", slug(&title)));
                let mut questions = Vec::new();
                match &raw_section.value.questions {
                    None => {
                        if missing("questions") {
                            found.push(err(
                                line,
                                format!("the section `{title}` has no `questions:`"),
                                "add `questions:` with a list of questions, each with `id:`, `prompt:` and `answer:`",
                            ));
                        }
                    }
                    Some(list) if list.is_empty() => found.push(
                        Diagnostic::warning(
                            file,
                            format!("the section `{title}` has no questions"),
                        )
                        .at_line(line)
                        .with_hint("add its questions, or remove the section"),
                    ),
                    Some(list) => {
                        for raw_question in list {
                            if let Some(q) = read_question(
                                raw_question,
                                file,
                                root,
                                &missing,
                                &mut anchors,
                                &mut question_ids,
                                &mut found,
                            ) {
                                questions.push(q);
                            }
                        }
                    }
                }
                sections.push(Section {
                    title,
                    id,
                    questions,
                    line,
                });
            }
        }
    }
    let failed = found.has_errors();
    diagnostics.extend(found);
    (!failed).then(|| Submission {
        slug: slug(&name),
        name,
        file: file.to_path_buf(),
        scheme,
        deadline,
        sections,
    })
}

/// Reads and checks one question, with its answer file.
fn read_question(
    raw: &Spanned<RawQuestion>,
    file: &Path,
    root: &Path,
    missing: &dyn Fn(&str) -> bool,
    anchors: &mut BTreeSet<String>,
    ids: &mut BTreeMap<String, usize>,
    found: &mut Diagnostics,
) -> Option<Question> {
    let line = line_of(raw);
    let raw = &raw.value;
    let errors_before = found.error_count();
    let id = match &raw.id {
        Some(id) if !id.value.trim().is_empty() => {
            let text = id.value.trim().to_string();
            let key = text.to_lowercase();
            if let Some(first) = ids.get(&key) {
                found.push(
                    Diagnostic::error(
                        file,
                        format!("the question id `{text}` is used twice (first on line {first})"),
                    )
                    .at(line_of(id), column_of(id))
                    .with_hint(
                        "give every question of the submission its own id, such as `dc1`, `dc2`",
                    ),
                );
            } else {
                ids.insert(key, line_of(id));
            }
            text
        }
        other => {
            if other.is_some() || missing("id") {
                found.push(
                    Diagnostic::error(file, "a question has no id")
                        .at_line(other.as_ref().map_or(line, line_of))
                        .with_hint("add `id:` with a short name for the question, such as `dc1`"),
                );
            }
            String::new()
        }
    };
    let prompt = match &raw.prompt {
        Some(p) if !p.value.trim().is_empty() => p.value.trim().to_string(),
        other => {
            if other.is_some() || missing("prompt") {
                found.push(
                    Diagnostic::error(file, format!("the question `{id}` has no prompt"))
                        .at_line(other.as_ref().map_or(line, line_of))
                        .with_hint("add `prompt:` with the question as the entry form asks it"),
                );
            }
            String::new()
        }
    };
    let word_limit = match &raw.word_limit {
        Some(limit) if limit.value > 0 => usize::try_from(limit.value).ok(),
        Some(limit) => {
            found.push(
                Diagnostic::error(
                    file,
                    format!("`word_limit: {}` is not a word limit", limit.value),
                )
                .at(line_of(limit), column_of(limit))
                .with_hint("write the most words the form allows, such as `word_limit: 300`, or remove the line if there is no limit"),
            );
            None
        }
        None => None,
    };
    let answer = raw
        .answer
        .as_ref()
        .and_then(|a| read_answer(a, file, root, found));
    let mut evidence = Vec::new();
    for link in raw.evidence.iter().flatten() {
        let written = link.value.trim();
        if written.is_empty() {
            found.push(
                Diagnostic::error(file, "an evidence link is empty")
                    .at(line_of(link), column_of(link))
                    .with_hint("write the page's file name, such as `who-gets-in.md`, with `#heading` to point at a part of it"),
            );
        } else if written.starts_with('#') {
            found.push(
                Diagnostic::error(
                    file,
                    format!("the evidence link `{written}` names no page"),
                )
                .at(line_of(link), column_of(link))
                .with_hint(format!(
                    "write the page's file name before the anchor, such as `who-gets-in.md{written}`"
                )),
            );
        } else {
            evidence.push(Evidence {
                link: written.to_string(),
                line: line_of(link),
                column: column_of(link),
            });
        }
    }
    if found.error_count() > errors_before {
        return None;
    }
    Some(Question {
        anchor: unique(anchors, &format!("q-{}", slug(&id))),
        id,
        prompt,
        word_limit,
        answer,
        evidence,
        limit_line: raw.word_limit.as_ref().map_or(line, line_of),
        line,
    })
}

/// Reads an answer: a markdown file (relative to the source folder) or inline text. `None`
/// when it is empty or has an error (reported to `found`).
fn read_answer(
    raw: &Spanned<String>,
    file: &Path,
    root: &Path,
    found: &mut Diagnostics,
) -> Option<Answer> {
    let value = raw.value.as_str();
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return None;
    }
    // The same rule as `source::collect_answers`, which keeps answer files out of pages.
    let is_file = value.trim_end().ends_with(".md") && !value.contains('\n');
    if !is_file {
        return Some(Answer {
            words: wordcount::count_markdown(value),
            markdown: value.to_string(),
            origin: Origin::Inline,
            line: line_of(raw),
        });
    }
    let path = normalise(Path::new(trimmed));
    let at = |message: String, hint: String| {
        Diagnostic::error(file, message)
            .at(line_of(raw), column_of(raw))
            .with_hint(hint)
    };
    if path.is_absolute() || path.starts_with("..") {
        found.push(at(
            format!("the answer file {trimmed} is outside the report's source folder"),
            "put answer files inside the source folder (for example `answers/dc1.md`) and write the path from there".to_string(),
        ));
        return None;
    }
    let text = match read_text(root, &path, "answer file") {
        Ok(text) => text,
        Err(ReadError::Io(_)) => {
            found.push(at(
                format!("the answer file {} does not exist", path.display()),
                missing_file_hint(root, &path),
            ));
            return None;
        }
        Err(ReadError::Invalid(d)) => {
            found.push(d);
            return None;
        }
    };
    if text.trim().is_empty() {
        return None;
    }
    Some(Answer {
        words: wordcount::count_markdown(&text),
        markdown: text,
        origin: Origin::File(path),
        line: 1,
    })
}

/// A hint for a missing answer file: the nearest markdown file in the same folder.
fn missing_file_hint(root: &Path, path: &Path) -> String {
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut known: Vec<String> = std::fs::read_dir(root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    known.sort();
    let written = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match did_you_mean(&written, known.iter().map(String::as_str)) {
        Some(best) => format!(
            "did you mean `{}`? Answer files are written relative to the source folder",
            site::slash_path(&dir.join(best))
        ),
        None => "create the file, or check its path: answer files are written relative to the source folder (for example `answers/dc1.md`)".to_string(),
    }
}

fn unique(taken: &mut BTreeSet<String>, base: &str) -> String {
    let mut id = base.to_string();
    let mut n = 1;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn line_of<T>(spanned: &Spanned<T>) -> usize {
    (spanned.referenced.line() as usize).max(1)
}

fn column_of<T>(spanned: &Spanned<T>) -> usize {
    (spanned.referenced.column() as usize).max(1)
}

// ---------------------------------------------------------------------------------------
// Word limits

/// Reports every answer over its word limit: a warning when building, an error when
/// `strict` (the `check` command). An answer file's problem is reported on that file; an
/// inline answer's on its line of the submission file.
pub fn check_limits(submission: &Submission, strict: bool, diagnostics: &mut Diagnostics) {
    for question in submission.questions() {
        let (Some(over), Some(limit), Some(answer)) = (
            question.over_limit(),
            question.word_limit,
            question.answer.as_ref(),
        ) else {
            continue;
        };
        let message = format!(
            "the answer to question `{}` has {}, {} over its limit of {}",
            question.id,
            words_text(answer.words),
            words_text(over),
            words_text(limit),
        );
        let (place, line) = match &answer.origin {
            Origin::File(path) => (path.clone(), None),
            Origin::Inline => (submission.file.clone(), Some(answer.line)),
        };
        let mut d = if strict {
            Diagnostic::error(place, message)
        } else {
            Diagnostic::warning(place, message)
        };
        if let Some(line) = line {
            d = d.at_line(line);
        }
        diagnostics.push(d.with_hint(format!(
            "cut at least {} (the limit is set on line {} of {}); words are counted as entry forms count them: a hyphenated word, a number or a web address is one word, markdown symbols and lone dashes are not words",
            words_text(over),
            question.limit_line,
            submission.file.display()
        )));
    }
}

// ---------------------------------------------------------------------------------------
// Coverage

/// The written areas of the Social Mobility Employer Index (DOMAIN.md) and the key words
/// that tie a section title to each. A key word matches a word of the title that starts
/// with it (`recruit` matches "Recruiting"); a key of two words needs both, in a row.
pub const INDEX_AREAS: &[(&str, &[&str])] = &[
    (
        "Work with young people",
        &["young", "youth", "outreach", "school", "student"],
    ),
    ("Routes into the employer", &["route", "apprentice"]),
    ("Attraction", &["attract"]),
    (
        "Recruitment and selection",
        &["recruit", "selection", "hiring", "assessment"],
    ),
    ("Data collection", &["data", "monitoring", "measur"]),
    (
        "Progression, culture and experienced hires",
        &[
            "progress",
            "culture",
            "experienced hire",
            "promot",
            "retention",
        ],
    ),
    ("Advocacy", &["advoca", "influenc"]),
];

/// The Index areas (indexes into [`INDEX_AREAS`]) a section title belongs to.
pub fn section_areas(title: &str) -> Vec<usize> {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    INDEX_AREAS
        .iter()
        .enumerate()
        .filter(|(_, (_, keys))| {
            keys.iter().any(|key| {
                let parts: Vec<&str> = key.split(' ').collect();
                words.windows(parts.len()).any(|window| {
                    window
                        .iter()
                        .zip(&parts)
                        .all(|(word, part)| word.starts_with(part))
                })
            })
        })
        .map(|(i, _)| i)
        .collect()
}

/// How one Index area is covered by an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCoverage {
    pub area: &'static str,
    /// Indexes of the sections that belong to the area.
    pub sections: Vec<usize>,
    /// True when one of those sections has an answered question.
    pub answered: bool,
}

/// For an Employer Index entry, each Index area with its sections and whether it is
/// answered; `None` for any other scheme.
pub fn coverage(submission: &Submission) -> Option<Vec<AreaCoverage>> {
    if !submission.is_employer_index() {
        return None;
    }
    let by_section: Vec<Vec<usize>> = submission
        .sections
        .iter()
        .map(|s| section_areas(&s.title))
        .collect();
    Some(
        INDEX_AREAS
            .iter()
            .enumerate()
            .map(|(area, (name, _))| {
                let sections: Vec<usize> = by_section
                    .iter()
                    .enumerate()
                    .filter(|(_, areas)| areas.contains(&area))
                    .map(|(i, _)| i)
                    .collect();
                AreaCoverage {
                    area: name,
                    answered: sections
                        .iter()
                        .any(|s| submission.sections[*s].answered() > 0),
                    sections,
                }
            })
            .collect(),
    )
}

fn coverage_heading(submission: &Submission) -> &'static str {
    if submission.is_employer_index() {
        "Employer Index areas covered"
    } else {
        "Sections answered"
    }
}

// ---------------------------------------------------------------------------------------
// The page

/// Page titles and heading titles by source path, to show evidence links by name.
#[derive(Debug, Clone, Default)]
pub struct PageTitles {
    pages: BTreeMap<PathBuf, (String, BTreeMap<String, String>)>,
}

impl PageTitles {
    /// The titles of the published pages; `outlines` has one outline per entry of `site`,
    /// in the same order (as the build makes them).
    pub fn new(source: &Source, site: &Site, outlines: &[Outline]) -> Self {
        let mut titles = PageTitles::default();
        for (entry, outline) in site.entries.iter().zip(outlines) {
            let page = &source.pages[entry.page];
            titles.insert(
                page.source.clone(),
                page.title.clone(),
                outline
                    .headings
                    .iter()
                    .map(|h| (h.id.clone(), h.title.clone())),
            );
        }
        titles
    }

    /// Adds a page: its source path, title and (id, title) of its headings.
    pub fn insert(
        &mut self,
        source: PathBuf,
        title: String,
        headings: impl IntoIterator<Item = (String, String)>,
    ) {
        self.pages
            .insert(source, (title, headings.into_iter().collect()));
    }

    /// "Who gets in: Applications" for `who-gets-in.md#applications`, if known.
    fn text(&self, link: &str) -> Option<String> {
        let (path, fragment) = match link.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link, None),
        };
        let path = normalise(Path::new(path.trim_start_matches('/')));
        let (title, headings) = self.pages.get(&path)?;
        Some(match fragment.and_then(|f| headings.get(f)) {
            Some(heading) => format!("{title}: {heading}"),
            None => title.clone(),
        })
    }
}

/// What the page needs from the build.
pub struct PageContext<'a> {
    /// Resolves and checks links in answers and evidence.
    pub resolver: &'a Resolver,
    /// Names evidence links.
    pub titles: &'a PageTitles,
    /// The report's `published` date, for the days to the deadline.
    pub published: Option<Date>,
    /// The report's `allow_html`.
    pub allow_html: bool,
}

/// The HTML body of `submission.page_out()` (the theme adds the title, [`title`], as the
/// h1). Broken links in answers and evidence are reported to `diagnostics`.
pub fn page_html(
    submission: &Submission,
    ctx: &PageContext,
    diagnostics: &mut Diagnostics,
) -> String {
    let out = submission.page_out();
    let mut html = String::new();
    let (answered, all) = submission.answered();
    let over = submission
        .questions()
        .filter(|q| q.over_limit().is_some())
        .count();

    html.push_str("<dl class=\"submission-facts\">\n");
    let _ = writeln!(
        html,
        "<div><dt>Scheme</dt><dd>{}</dd></div>",
        escape(&submission.scheme)
    );
    if let Some(deadline) = submission.deadline {
        let relative = ctx
            .published
            .map(|p| {
                let closed = days_between(p, deadline) < 0;
                format!(
                    " <span class=\"deadline{}\">({})</span>",
                    if closed { " deadline--closed" } else { "" },
                    deadline_words(deadline, p)
                )
            })
            .unwrap_or_default();
        let _ = writeln!(
            html,
            "<div><dt>Deadline</dt><dd><time datetime=\"{}\">{}</time>{relative}</dd></div>",
            iso(deadline),
            deadline.display()
        );
    }
    let _ = writeln!(
        html,
        "<div><dt>Answered</dt><dd>{answered} of {}</dd></div>",
        plural(all, "question", "questions")
    );
    if over > 0 {
        let _ = writeln!(
            html,
            "<div><dt>Over the word limit</dt><dd><strong class=\"word-count--over\">{}</strong></dd></div>",
            plural(over, "answer", "answers")
        );
    }
    html.push_str("</dl>\n");
    let _ = writeln!(
        html,
        "<p class=\"data-download\"><a href=\"{}\" download>Download all the answers as plain text, ready to paste into the entry form</a></p>",
        site::relative_url(&out, &submission.text_out())
    );

    coverage_html(submission, &mut html);

    for section in &submission.sections {
        let _ = writeln!(
            html,
            "<section class=\"submission-section\" aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>",
            escape(&section.title),
            id = section.id
        );
        for question in &section.questions {
            question_html(submission, question, &out, ctx, &mut html, diagnostics);
        }
        html.push_str("</section>\n");
    }
    html
}

/// The page title: the scheme.
pub fn title(submission: &Submission) -> String {
    submission.scheme.clone()
}

fn coverage_html(submission: &Submission, html: &mut String) {
    let _ = writeln!(
        html,
        "<h2 id=\"coverage\">{}</h2>",
        coverage_heading(submission)
    );
    let link = |i: usize| {
        let s = &submission.sections[i];
        format!("<a href=\"#{}\">{}</a>", s.id, escape(&s.title))
    };
    if let Some(areas) = coverage(submission) {
        html.push_str("<div class=\"table-wrap\">\n<table class=\"submission-coverage\">\n<caption>Which areas of the Employer Index this entry answers</caption>\n<thead><tr><th scope=\"col\">Index area</th><th scope=\"col\">Sections of this entry</th><th scope=\"col\">Covered</th></tr></thead>\n<tbody>\n");
        for area in &areas {
            let sections: Vec<String> = area.sections.iter().map(|i| link(*i)).collect();
            let (status, words) = match (area.answered, area.sections.is_empty()) {
                (true, _) => (Status::Active, "Answered"),
                (false, false) => (Status::Limited, "Not answered yet"),
                (false, true) => (Status::None, "No section"),
            };
            let _ = writeln!(
                html,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td><span class=\"{}\">{} <span class=\"status__label\">{words}</span></span></td></tr>",
                escape(area.area),
                if sections.is_empty() {
                    "None".to_string()
                } else {
                    sections.join(", ")
                },
                status.class(),
                status.icon(),
            );
        }
        html.push_str("</tbody>\n</table>\n</div>\n");
        let covered = areas.iter().filter(|a| a.answered).count();
        let _ = writeln!(
            html,
            "<p>{covered} of the {} written areas of the Index {} an answer. Sections count towards an area when their title names it. The Index also has an employee survey, which staff answer directly; it is not part of the written entry.</p>",
            areas.len(),
            if covered == 1 { "has" } else { "have" }
        );
        let unmatched: Vec<String> = (0..submission.sections.len())
            .filter(|i| !areas.iter().any(|a| a.sections.contains(i)))
            .map(link)
            .collect();
        if !unmatched.is_empty() {
            let _ = writeln!(
                html,
                "<p class=\"note\">Sections that match no Index area by their title: {}.</p>",
                unmatched.join(", ")
            );
        }
    } else {
        html.push_str("<div class=\"table-wrap\">\n<table class=\"submission-coverage\">\n<caption>The sections of this entry and what is answered</caption>\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\" class=\"num\">Questions</th><th scope=\"col\" class=\"num\">Answered</th><th scope=\"col\" class=\"num\">Words</th><th scope=\"col\">Over the limit</th></tr></thead>\n<tbody>\n");
        for (i, section) in submission.sections.iter().enumerate() {
            let words: usize = section.questions.iter().map(Question::words).sum();
            let over = section
                .questions
                .iter()
                .filter(|q| q.over_limit().is_some())
                .count();
            let _ = writeln!(
                html,
                "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                link(i),
                section.questions.len(),
                section.answered(),
                crate::format::count(words as u64),
                if over == 0 {
                    "None".to_string()
                } else {
                    format!(
                        "<strong class=\"word-count--over\">{}</strong>",
                        plural(over, "answer", "answers")
                    )
                }
            );
        }
        html.push_str("</tbody>\n</table>\n</div>\n");
    }
}

fn question_html(
    submission: &Submission,
    question: &Question,
    out: &str,
    ctx: &PageContext,
    html: &mut String,
    diagnostics: &mut Diagnostics,
) {
    let _ = writeln!(
        html,
        "<div class=\"submission-question\">\n<h3 id=\"{}\"><span class=\"submission-question__id\">Question {}:</span> {}</h3>",
        question.anchor,
        escape(&question.id),
        escape(&question.prompt)
    );
    match &question.answer {
        Some(answer) => {
            let body = render_answer(submission, question, answer, out, ctx, diagnostics);
            let _ = writeln!(html, "<div class=\"submission-answer\">\n{body}</div>");
        }
        None => html.push_str(
            "<p class=\"submission-answer submission-answer--missing\">Not answered yet.</p>\n",
        ),
    }
    match question.over_limit() {
        Some(over) => {
            let _ = writeln!(
                html,
                "<p class=\"word-count word-count--over\"><strong>Over the word limit:</strong> {}, {} too many.</p>",
                question.count_text(),
                words_text(over)
            );
        }
        None if question.is_answered() || question.word_limit.is_some() => {
            let _ = writeln!(
                html,
                "<p class=\"word-count\">{}</p>",
                question.count_text()
            );
        }
        None => {}
    }
    if !question.evidence.is_empty() {
        html.push_str(
            "<p class=\"evidence-title\">Evidence in this report:</p>\n<ul class=\"evidence\">\n",
        );
        for evidence in &question.evidence {
            let href = match ctx
                .resolver
                .resolve(Path::new(ROOT_FROM), out, &evidence.link, false)
            {
                Ok(Resolved::Unchanged) => evidence.link.clone(),
                Ok(Resolved::Url(url)) => url,
                Err(problem) => {
                    diagnostics.push(
                        Diagnostic::error(&submission.file, problem.message)
                            .at(evidence.line, evidence.column)
                            .with_hint(problem.hint),
                    );
                    "#".to_string()
                }
            };
            let text = ctx
                .titles
                .text(&evidence.link)
                .unwrap_or_else(|| evidence.link.clone());
            let _ = writeln!(
                html,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&href),
                escape(&text)
            );
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</div>\n");
}

/// Renders an answer's markdown inside the page: links checked, its headings moved below
/// the question's (h4 and lower) and its ids prefixed with the question's anchor so they
/// are unique on the page.
fn render_answer(
    submission: &Submission,
    question: &Question,
    answer: &Answer,
    out: &str,
    ctx: &PageContext,
    diagnostics: &mut Diagnostics,
) -> String {
    let mut outline = markdown::outline(&answer.markdown);
    for heading in &mut outline.headings {
        heading.id = format!("{}-{}", question.anchor, heading.id);
    }
    let source = match &answer.origin {
        Origin::File(path) => path.clone(),
        Origin::Inline => PathBuf::from(ROOT_FROM),
    };
    let page = markdown::PageContext {
        source: &source,
        body_line: answer.line,
        out,
        outline: &outline,
        glossary: None,
        allow_html: ctx.allow_html,
        blocks: None,
    };
    let mut found = Diagnostics::new();
    let html = markdown::render(&answer.markdown, &page, ctx.resolver, &mut found);
    for mut d in found.sorted() {
        if answer.origin == Origin::Inline {
            // Inline text is a YAML value: its problems are placed in the submission file.
            d.file = submission.file.clone();
            d.column = None;
        }
        diagnostics.push(d);
    }
    let html = html
        .replace("href=\"#fn-", &format!("href=\"#{}-fn-", question.anchor))
        .replace("id=\"fn-", &format!("id=\"{}-fn-", question.anchor));
    shift_headings(&html, 2)
}

/// Moves every heading tag `by` levels down (at most h6). A closing tag takes the level of
/// the heading it closes, whatever it says. Text in rendered markdown has its `<` escaped,
/// so only tags match.
fn shift_headings(html: &str, by: u8) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut open = 6u8;
    while let Some(i) = rest.find("<h").into_iter().chain(rest.find("</h")).min() {
        let closing = rest[i..].starts_with("</h");
        let digit_at = i + if closing { 3 } else { 2 };
        let level = rest.as_bytes().get(digit_at).copied();
        let after = rest.as_bytes().get(digit_at + 1).copied();
        match (level, after) {
            (Some(d @ b'1'..=b'6'), Some(b'>' | b' ')) => {
                out.push_str(&rest[..digit_at]);
                let level = if closing {
                    open
                } else {
                    open = (d - b'0').saturating_add(by).min(6);
                    open
                };
                out.push(char::from(b'0' + level));
                rest = &rest[digit_at + 1..];
            }
            _ => {
                out.push_str(&rest[..digit_at]);
                rest = &rest[digit_at..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// The body of the list of entries at [`INDEX_OUT`]: each with its scheme, deadline and
/// how much is answered.
pub fn index_html(submissions: &[Submission], published: Option<Date>) -> String {
    let mut html = String::from("<ul class=\"submission-list\">\n");
    for s in submissions {
        let (answered, all) = s.answered();
        let deadline = s
            .deadline
            .map(|d| {
                let relative = published
                    .map(|p| format!(" ({})", deadline_words(d, p)))
                    .unwrap_or_default();
                format!(" Deadline: {}{relative}.", d.display())
            })
            .unwrap_or_default();
        let _ = writeln!(
            html,
            "<li><a href=\"{}\">{}</a> <span class=\"submission-list__facts\">{answered} of {} answered.{}</span></li>",
            escape(&site::relative_url(INDEX_OUT, &s.page_out())),
            escape(&s.scheme),
            plural(all, "question", "questions"),
            escape(&deadline),
        );
    }
    html.push_str("</ul>\n");
    html
}

// ---------------------------------------------------------------------------------------
// The plain-text export

/// Every answer as plain text, ready to paste into an online form: the scheme and
/// deadline, then each section and question with its prompt, word count and answer, with
/// no markdown syntax (see [`wordcount::plain_text`]). Written to `submission.text_out()`.
pub fn text_export(submission: &Submission) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "{}", submission.scheme);
    if let Some(deadline) = submission.deadline {
        let _ = writeln!(text, "Deadline: {}", deadline.display());
    }
    let (answered, all) = submission.answered();
    let _ = writeln!(
        text,
        "{answered} of {} answered. Words are counted as online entry forms count them; list numbers and bullets are not counted.",
        plural(all, "question", "questions")
    );
    for (n, section) in submission.sections.iter().enumerate() {
        let _ = write!(text, "\n\nSection {}: {}\n", n + 1, section.title);
        for question in &section.questions {
            let _ = write!(
                text,
                "\nQuestion {}: {}\n",
                question.id,
                one_line(&question.prompt)
            );
            match question.over_limit() {
                Some(over) => {
                    let _ = writeln!(
                        text,
                        "Word count: {} (over the limit by {})",
                        question.count_text(),
                        words_text(over)
                    );
                }
                None => {
                    let _ = writeln!(text, "Word count: {}", question.count_text());
                }
            }
            match &question.answer {
                Some(answer) => {
                    let _ = writeln!(text, "\n{}", wordcount::plain_text(&answer.markdown));
                }
                None => text.push_str("\nNot answered yet.\n"),
            }
        }
    }
    text
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Config, Page, PageKind, page::FrontMatter};

    const INDEX: &str = "\
scheme: Social Mobility Employer Index 2025
deadline: 2025-06-30
sections:
  - title: Data collection
    questions:
      - id: dc1
        prompt: How do you collect socio-economic data from applicants and staff?
        word_limit: 300
        answer: answers/dc1.md
        evidence: [who-gets-in.md#applications]
      - id: dc2
        prompt: How do you use the data?
        word_limit: 5
        answer: |
          We publish **grade by background** figures every quarter.
  - title: Progression and culture
    questions:
      - id: pc1
        prompt: What do you do about progression?
        word_limit: 200
  - title: Our network
    questions:
      - id: n1
        prompt: Tell us about the network.
        answer: The network has 400 members.
";

    fn root_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn parse_in(root: &Path, text: &str) -> (Option<Submission>, Vec<Diagnostic>) {
        let mut d = Diagnostics::new();
        let s = parse(text, Path::new("submissions/index.yaml"), root, &mut d);
        (s, d.sorted())
    }

    fn index_root() -> tempfile::TempDir {
        root_with(&[(
            "answers/dc1.md",
            "We ask every applicant the **main question** about parental occupation, and staff\nanswer it in the HR system. See [our figures](../who-gets-in.md).\n",
        )])
    }

    fn index() -> Submission {
        let root = index_root();
        let (s, d) = parse_in(root.path(), INDEX);
        assert!(d.iter().all(|d| !d.is_error()), "{d:?}");
        s.unwrap()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    /// A site with two pages, for resolving links.
    fn site() -> (Resolver, PageTitles) {
        let page = |path: &str, title: &str, body: &str| Page {
            source: PathBuf::from(path),
            kind: if path == "index.md" {
                PageKind::Home
            } else {
                PageKind::Page
            },
            front: FrontMatter {
                title: Some(title.to_string()),
                ..FrontMatter::default()
            },
            title: title.to_string(),
            body: body.to_string(),
            body_line: 1,
            generated: false,
        };
        let source = Source {
            root: PathBuf::from("."),
            config: Config::placeholder(),
            pages: vec![
                page("index.md", "Home", "Hello"),
                page(
                    "who-gets-in.md",
                    "Who gets in",
                    "## Applications\n\nText\n\n## Hires\n",
                ),
            ],
            glossary: Vec::new(),
            static_files: Vec::new(),
            tables: BTreeMap::new(),
            report_text: String::new(),
            failed_pages: Vec::new(),
        };
        let mut d = Diagnostics::new();
        let site = Site::plan(&source, false, &mut d);
        let outlines: Vec<Outline> = site
            .entries
            .iter()
            .map(|e| markdown::outline(&source.pages[e.page].body))
            .collect();
        (
            Resolver::new(&source, &site, &outlines),
            PageTitles::new(&source, &site, &outlines),
        )
    }

    fn render(s: &Submission, published: Option<Date>) -> (String, Vec<Diagnostic>) {
        let (resolver, titles) = site();
        let ctx = PageContext {
            resolver: &resolver,
            titles: &titles,
            published,
            allow_html: false,
        };
        let mut d = Diagnostics::new();
        let html = page_html(s, &ctx, &mut d);
        (html, d.sorted())
    }

    #[test]
    fn parses_the_format_example() {
        let s = index();
        assert_eq!(s.name, "index");
        assert_eq!(s.page_out(), "submissions/index/index.html");
        assert_eq!(s.text_out(), "submissions/index.txt");
        assert_eq!(s.deadline, Some(date("2025-06-30")));
        assert_eq!(s.sections.len(), 3);
        let dc1 = &s.sections[0].questions[0];
        assert_eq!(dc1.anchor, "q-dc1");
        assert_eq!(dc1.line, 6);
        assert_eq!(dc1.word_limit, Some(300));
        let answer = dc1.answer.as_ref().unwrap();
        assert_eq!(answer.origin, Origin::File(PathBuf::from("answers/dc1.md")));
        assert_eq!(answer.words, 21);
        assert_eq!(dc1.evidence[0].link, "who-gets-in.md#applications");
        assert_eq!(dc1.evidence[0].line, 10);
        let dc2 = &s.sections[0].questions[1];
        assert_eq!(dc2.answer.as_ref().unwrap().origin, Origin::Inline);
        assert_eq!(dc2.answer.as_ref().unwrap().line, 15);
        assert_eq!(dc2.words(), 8);
        assert_eq!(dc2.over_limit(), Some(3));
        assert!(!s.sections[1].questions[0].is_answered());
        assert_eq!(s.answered(), (3, 4));
        assert_eq!(
            summary(&s),
            "Our entry to Social Mobility Employer Index 2025: 3 of 4 questions answered."
        );
    }

    #[test]
    fn missing_answer_file_is_an_error_with_a_suggestion() {
        let root = index_root();
        let (s, d) = parse_in(
            root.path(),
            &INDEX.replace("answers/dc1.md", "answers/dc-1.md"),
        );
        assert!(s.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(9));
        assert_eq!(d[0].column, Some(17));
        assert_eq!(
            d[0].message,
            "the answer file answers/dc-1.md does not exist"
        );
        assert!(
            d[0].hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `answers/dc1.md`?")
        );
        let (_, d) = parse_in(
            root.path(),
            &INDEX.replace("answers/dc1.md", "../secret.md"),
        );
        assert!(d[0].message.contains("outside the report's source folder"));
    }

    #[test]
    fn duplicate_question_ids_are_errors() {
        let root = index_root();
        let (s, d) = parse_in(root.path(), &INDEX.replace("id: pc1", "id: DC1"));
        assert!(s.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(18));
        assert_eq!(
            d[0].message,
            "the question id `DC1` is used twice (first on line 6)"
        );
    }

    #[test]
    fn bad_dates_and_limits_are_errors_at_their_line() {
        let root = index_root();
        let (_, d) = parse_in(root.path(), &INDEX.replace("2025-06-30", "30 June 2025"));
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].line, d[0].column), (Some(2), Some(11)));
        assert_eq!(d[0].message, "`deadline: 30 June 2025` is not a date");
        let (_, d) = parse_in(
            root.path(),
            &INDEX.replace("word_limit: 200", "word_limit: 0"),
        );
        assert_eq!(d[0].line, Some(20));
        assert_eq!(d[0].message, "`word_limit: 0` is not a word limit");
        let (_, d) = parse_in(
            root.path(),
            &INDEX.replace("word_limit: 200", "word_limit: 200 words"),
        );
        assert_eq!(d[0].line, Some(20));
        assert!(
            d[0].message
                .contains("`word_limit` should be a whole number"),
            "{d:?}"
        );
    }

    #[test]
    fn unknown_keys_are_errors_with_did_you_mean() {
        let root = index_root();
        let text = INDEX
            .replace("deadline:", "dealine:")
            .replace("        prompt: What do", "        promt: What do")
            .replace("  - title: Our network", "  - titel: Our network");
        let (s, d) = parse_in(root.path(), &text);
        assert!(s.is_none());
        let found: Vec<(Option<usize>, &str, Option<&str>)> = d
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(2),
                    "the submission has an unknown key `dealine`",
                    Some("did you mean `deadline`?")
                ),
                (
                    Some(19),
                    "a question has an unknown key `promt`",
                    Some("did you mean `prompt`?")
                ),
                (
                    Some(21),
                    "a section has an unknown key `titel`",
                    Some("did you mean `title`?")
                ),
            ]
        );
    }

    #[test]
    fn missing_keys_and_evidence_without_a_page() {
        let root = index_root();
        let (_, d) = parse_in(root.path(), "deadline: 2025-06-30\nsections: []\n");
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the submission has no `scheme:`",
                "the submission has no sections"
            ]
        );
        let (_, d) = parse_in(
            root.path(),
            "scheme: X\nsections:\n  - title: A\n    questions:\n      - prompt: P?\n        evidence: ['#pay']\n",
        );
        let messages: Vec<(Option<usize>, &str)> =
            d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (Some(5), "a question has no id"),
                (Some(6), "the evidence link `#pay` names no page"),
            ]
        );
    }

    #[test]
    fn load_reads_every_file_sorted() {
        let root = root_with(&[
            (
                "submissions/b-award.yaml",
                "scheme: Awards 2025\nsections:\n  - title: Summary\n    questions:\n      - {id: s, prompt: Summarise., answer: Short.}\n",
            ),
            (
                "submissions/a index.yml",
                "scheme: Employer Index\nsections:\n  - title: Data\n    questions:\n      - {id: d, prompt: Data?}\n",
            ),
            ("submissions/_draft.yaml", "nonsense: ["),
            ("submissions/notes.txt", "not yaml"),
            ("submissions/broken.yaml", "scheme: X\nsectons: []\n"),
        ]);
        let mut d = Diagnostics::new();
        let all = load(root.path(), &mut d);
        let names: Vec<(&str, &str)> = all
            .iter()
            .map(|s| (s.name.as_str(), s.slug.as_str()))
            .collect();
        assert_eq!(names, [("a index", "a-index"), ("b-award", "b-award")]);
        let errors = d.sorted();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, Path::new("submissions/broken.yaml"));
        assert_eq!(errors[0].line, Some(2));
        let mut d = Diagnostics::new();
        assert!(load(Path::new("/nonexistent/ladder"), &mut d).is_empty());
        assert!(d.is_empty());
    }

    #[test]
    fn days_between_dates() {
        assert_eq!(days_between(date("2025-06-30"), date("2025-10-01")), 93);
        assert_eq!(days_between(date("2025-10-01"), date("2025-06-30")), -93);
        assert_eq!(days_between(date("2024-02-28"), date("2024-03-01")), 2);
        assert_eq!(days_between(date("2023-02-28"), date("2023-03-01")), 1);
        assert_eq!(days_between(date("2024-12-31"), date("2025-01-01")), 1);
        assert_eq!(days_between(date("2000-01-01"), date("2025-01-01")), 9132);
    }

    #[test]
    fn deadline_relative_to_publication() {
        let published = date("2025-10-01");
        assert_eq!(
            deadline_words(date("2025-10-31"), published),
            "30 days remaining at publication"
        );
        assert_eq!(
            deadline_words(date("2025-10-02"), published),
            "1 day remaining at publication"
        );
        assert_eq!(
            deadline_words(date("2025-10-01"), published),
            "closes on the publication date"
        );
        assert_eq!(
            deadline_words(date("2025-09-30"), published),
            "closed 1 day before publication"
        );
        assert_eq!(
            deadline_words(date("2025-06-30"), published),
            "closed 93 days before publication"
        );
    }

    #[test]
    fn over_the_limit_is_a_warning_in_build_and_an_error_in_check() {
        let s = index();
        let mut d = Diagnostics::new();
        check_limits(&s, false, &mut d);
        assert!(!d.has_errors());
        assert_eq!(d.warning_count(), 1);
        let w = &d.sorted()[0];
        assert_eq!(w.file, Path::new("submissions/index.yaml"));
        assert_eq!(w.line, Some(15));
        assert_eq!(
            w.message,
            "the answer to question `dc2` has 8 words, 3 words over its limit of 5 words"
        );
        let mut d = Diagnostics::new();
        check_limits(&s, true, &mut d);
        assert_eq!(d.error_count(), 1);
        assert_eq!(d.warning_count(), 0);
    }

    #[test]
    fn an_answer_file_over_the_limit_is_reported_on_that_file() {
        let s = index();
        let mut s = s;
        s.sections[0].questions[0].word_limit = Some(10);
        let mut d = Diagnostics::new();
        check_limits(&s, true, &mut d);
        let files: Vec<PathBuf> = d.sorted().into_iter().map(|d| d.file).collect();
        assert_eq!(
            files,
            [
                PathBuf::from("answers/dc1.md"),
                PathBuf::from("submissions/index.yaml")
            ]
        );
    }

    #[test]
    fn within_or_at_the_limit_is_fine() {
        let root = index_root();
        let (s, _) = parse_in(
            root.path(),
            &INDEX.replace("word_limit: 5", "word_limit: 8"),
        );
        let s = s.unwrap();
        assert_eq!(s.sections[0].questions[1].over_limit(), None);
        let mut d = Diagnostics::new();
        check_limits(&s, true, &mut d);
        assert!(d.is_empty());
    }

    #[test]
    fn coverage_maps_section_titles_to_index_areas() {
        assert_eq!(section_areas("Data collection"), [4]);
        assert_eq!(section_areas("DATA"), [4]);
        assert_eq!(section_areas("Progressing talent"), [5]);
        assert_eq!(section_areas("Experienced hires"), [5]);
        assert_eq!(section_areas("Recruitment and attraction"), [2, 3]);
        assert_eq!(section_areas("Working with schools and young people"), [0]);
        assert_eq!(section_areas("Apprenticeships and other routes in"), [1]);
        assert_eq!(section_areas("Advocacy and influence"), [6]);
        assert_eq!(section_areas("Our network"), Vec::<usize>::new());
        // "hires" alone is not "hiring", and "experienced" needs "hire" after it.
        assert_eq!(section_areas("Hires"), Vec::<usize>::new());
        assert_eq!(section_areas("Experienced staff"), Vec::<usize>::new());

        let s = index();
        let areas = coverage(&s).unwrap();
        assert_eq!(areas.len(), 7);
        assert_eq!(areas[4].area, "Data collection");
        assert_eq!(areas[4].sections, [0]);
        assert!(areas[4].answered);
        // A section with no answer yet covers its area without answering it.
        assert_eq!(areas[5].sections, [1]);
        assert!(!areas[5].answered);
        assert!(areas[0].sections.is_empty());
    }

    #[test]
    fn coverage_is_only_for_the_employer_index() {
        let mut s = index();
        s.scheme = "UK Social Mobility Awards 2025: network of the year".to_string();
        assert!(coverage(&s).is_none());
        let (html, _) = render(&s, None);
        assert!(html.contains("<h2 id=\"coverage\">Sections answered</h2>"));
        assert!(
            html.contains("<caption>The sections of this entry and what is answered</caption>")
        );
        assert!(html.contains(
            "<tr><th scope=\"row\"><a href=\"#s-data-collection\">Data collection</a></th><td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">29</td><td><strong class=\"word-count--over\">1 answer</strong></td></tr>"
        ));
    }

    #[test]
    fn page_shows_counts_flags_deadline_and_evidence() {
        let s = index();
        let (html, d) = render(&s, Some(date("2025-10-01")));
        assert!(d.is_empty(), "{d:?}");
        assert!(html.contains("<time datetime=\"2025-06-30\">30 June 2025</time> <span class=\"deadline deadline--closed\">(closed 93 days before publication)</span>"));
        assert!(html.contains("<p class=\"word-count\">21 of 300 words</p>"));
        assert!(html.contains("<p class=\"word-count word-count--over\"><strong>Over the word limit:</strong> 8 of 5 words, 3 words too many.</p>"));
        assert!(html.contains("<p class=\"word-count\">5 words</p>"));
        assert!(html.contains("Not answered yet."));
        assert!(html.contains("<p class=\"word-count\">0 of 200 words</p>"));
        // Evidence and links in answers are rewritten relative to the page.
        assert!(html.contains("<li><a href=\"../../who-gets-in/index.html#applications\">Who gets in: Applications</a></li>"));
        assert!(html.contains("<a href=\"../../who-gets-in/index.html\">our figures</a>"));
        assert!(html.contains("<strong>grade by background</strong>"));
        assert!(html.contains("href=\"../index.txt\" download"));
        assert!(html.contains("<h3 id=\"q-dc1\"><span class=\"submission-question__id\">Question dc1:</span> How do you collect"));
        // The Index coverage table.
        assert!(
            html.contains(
                "<caption>Which areas of the Employer Index this entry answers</caption>"
            )
        );
        assert!(html.contains("<th scope=\"row\">Data collection</th><td><a href=\"#s-data-collection\">Data collection</a></td>"));
        assert!(html.contains("1 of the 7 written areas of the Index has an answer."));
        assert!(html.contains("Sections that match no Index area by their title: <a href=\"#s-our-network\">Our network</a>."));
    }

    #[test]
    fn deadline_ahead_of_publication() {
        let s = index();
        let (html, _) = render(&s, Some(date("2025-06-01")));
        assert!(
            html.contains("<span class=\"deadline\">(29 days remaining at publication)</span>")
        );
        let (html, _) = render(&s, None);
        assert!(html.contains("<time datetime=\"2025-06-30\">30 June 2025</time></dd>"));
    }

    #[test]
    fn broken_evidence_and_answer_links_are_errors_in_the_right_file() {
        let root = index_root();
        let text = INDEX
            .replace("who-gets-in.md#applications", "who-gets-in.md#aplications")
            .replace(
                "The network has 400 members.",
                "See [this](missing.md) page.",
            );
        let (s, _) = parse_in(root.path(), &text);
        let s = s.unwrap();
        let (_, d) = render(&s, None);
        let found: Vec<(&Path, Option<usize>, &str)> = d
            .iter()
            .map(|d| (d.file.as_path(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Path::new("submissions/index.yaml"),
                    Some(10),
                    "the link points to `#aplications`, which is not a heading on who-gets-in.md"
                ),
                (
                    Path::new("submissions/index.yaml"),
                    Some(25),
                    "the link points to missing.md, which is not a page of the report"
                ),
            ]
        );
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `#applications`?"));
    }

    #[test]
    fn answer_headings_sit_below_the_question_with_unique_ids() {
        let root = root_with(&[(
            "a.md",
            "# Approach\n\nText.[^1]\n\n## Detail\n\n[^1]: Note.\n",
        )]);
        let (s, d) = parse_in(
            root.path(),
            "scheme: X\nsections:\n  - title: S\n    questions:\n      - {id: q1, prompt: P?, answer: a.md}\n      - {id: q2, prompt: P?, answer: \"## Approach\"}\n",
        );
        assert!(d.is_empty(), "{d:?}");
        let (html, d) = render(&s.unwrap(), None);
        assert!(d.is_empty(), "{d:?}");
        assert!(
            html.contains("<h4 id=\"q-q1-approach\">Approach</h4>"),
            "{html}"
        );
        assert!(html.contains("<h5 id=\"q-q1-detail\">Detail</h5>"));
        assert!(html.contains("<h4 id=\"q-q2-approach\">Approach</h4>"));
        assert!(html.contains("href=\"#q-q1-fn-1\""));
        assert!(html.contains("id=\"q-q1-fn-1\""));
    }

    #[test]
    fn shifting_headings_leaves_other_tags() {
        assert_eq!(
            shift_headings("<h2 id=\"a\">A</h2><hr /><header><h6>B</h6>", 2),
            "<h4 id=\"a\">A</h4><hr /><header><h6>B</h6>"
        );
        // A closing tag that does not match its opening one is mended.
        assert_eq!(shift_headings("<h2>A</h1>", 2), "<h4>A</h4>");
    }

    #[test]
    fn page_escapes_text() {
        let root = root_with(&[]);
        let (s, _) = parse_in(
            root.path(),
            "scheme: \"<b>X</b>\"\nsections:\n  - title: \"A & B\"\n    questions:\n      - {id: q1, prompt: \"Is x < y?\", answer: \"<script>alert(1)</script>\"}\n",
        );
        let (html, _) = render(&s.unwrap(), None);
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<b>X</b>"));
        assert!(html.contains("A &amp; B"));
        assert!(html.contains("Is x &lt; y?"));
    }

    #[test]
    fn text_export_is_plain_text_with_counts() {
        let s = index();
        let text = text_export(&s);
        assert!(text.starts_with("Social Mobility Employer Index 2025\nDeadline: 30 June 2025\n3 of 4 questions answered."));
        assert!(text.contains("\n\nSection 1: Data collection\n\nQuestion dc1: How do you collect socio-economic data from applicants and staff?\nWord count: 21 of 300 words\n\nWe ask every applicant the main question about parental occupation, and staff answer it in the HR system. See our figures.\n"));
        assert!(text.contains("Question dc2: How do you use the data?\nWord count: 8 of 5 words (over the limit by 3 words)\n\nWe publish grade by background figures every quarter.\n"));
        assert!(text.contains("Question pc1: What do you do about progression?\nWord count: 0 of 200 words\n\nNot answered yet.\n"));
        assert!(text.contains("Word count: 5 words\n"));
        for syntax in ["**", "](", "`", "#", "| ", "\n- ", "\n> ", "\n* "] {
            assert!(!text.contains(syntax), "{syntax:?} in the export");
        }
    }

    #[test]
    fn text_export_counts_agree_with_the_page() {
        let s = index();
        for q in s.questions() {
            if let Some(a) = &q.answer {
                assert_eq!(
                    wordcount::count(&wordcount::plain_text(&a.markdown)),
                    a.words
                );
            }
        }
    }

    #[test]
    fn index_lists_every_entry() {
        let s = index();
        let html = index_html(std::slice::from_ref(&s), Some(date("2025-10-01")));
        assert!(
            html.contains("<a href=\"index/index.html\">Social Mobility Employer Index 2025</a>")
        );
        assert!(html.contains(
            "3 of 4 questions answered. Deadline: 30 June 2025 (closed 93 days before publication)."
        ));
    }
}
