//! Bad input never loses work (issue 6). Every folder of `tests/fixtures/bad/` is a report
//! source with exactly one fault (the table in `tests/fixtures/README.md` lists them).
//! For each one this test, in a temporary folder:
//!
//! 1. builds the known-good source `tests/fixtures/bad/_good/` into `public/`, so that
//!    there is a previous site to lose;
//! 2. makes what cannot be committed (a 50 MB page, a symlink, a file in the way);
//! 3. runs the real binary on the bad source (`ladder build src -o public`, or `ladder
//!    check src`, or the command line of the case);
//!
//! and asserts: exit status exactly 1 (not 0, not 101, not a signal); nothing panicked;
//! stderr names the faulting `file:line` (whole-file and whole-folder faults, which have
//! no line, name the file or folder: the `File` and `Folder` cases of the table); the
//! message has the words that prove the right fault was found; the summary counts as
//! many errors as are printed; and not one file, folder or link of the temporary folder
//! (the previous site, the source, the good source) was added, removed or changed.
//!
//! All cases run (in parallel) and the failure message lists every case that failed,
//! with its command and output.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Project, Run, fixtures, line_of, mentions_place, run_in};

/// Where the message must point.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// `file:line`, the line being the first line of `file` (in the case's folder) that
    /// contains the needle.
    At(&'static str, &'static str),
    /// `file:line` for some line from the first needle's line to the second's (a fault
    /// spread over lines, where the parser may stop on any of them).
    Within(&'static str, &'static str, &'static str),
    /// `file:line` with a fixed line (an empty file has no text to search).
    Line(&'static str, usize),
    /// EXCEPTION: the whole file is the fault (empty, missing, too big, a link, a
    /// workbook whose places are sheets and cells): the file is named, without a line.
    File(&'static str),
    /// EXCEPTION: the fault is the folder given on the command line: it is named.
    Folder(&'static str),
}

/// Makes what a case cannot commit, in the temporary folder (`root`), after the good
/// build and before the bad one.
type Prepare = fn(root: &Path);

/// One fault of the corpus.
#[derive(Clone, Copy)]
struct Case {
    /// The folder under `tests/fixtures/bad/`.
    name: &'static str,
    place: Place,
    /// Words the message must have (compared ignoring case).
    words: &'static [&'static str],
    /// The bad run, in the temporary folder.
    args: &'static [&'static str],
    /// Where the good source is built first (relative to the temporary folder).
    good_into: &'static str,
    prepare: Option<Prepare>,
    /// Makes a symbolic link: skipped where there are none.
    unix_only: bool,
}

const BUILD: &[&str] = &["build", "src", "-o", "public"];
const CHECK: &[&str] = &["check", "src"];

/// A case built with `ladder build src -o public`.
const fn case(name: &'static str, place: Place, words: &'static [&'static str]) -> Case {
    Case {
        name,
        place,
        words,
        args: BUILD,
        good_into: "public",
        prepare: None,
        unix_only: false,
    }
}

impl Case {
    const fn args(mut self, args: &'static [&'static str]) -> Case {
        self.args = args;
        self
    }

    const fn good_into(mut self, folder: &'static str) -> Case {
        self.good_into = folder;
        self
    }

    const fn prepare(mut self, prepare: Prepare) -> Case {
        self.prepare = Some(prepare);
        self
    }

    const fn unix_only(mut self) -> Case {
        self.unix_only = true;
        self
    }
}

const EI: &str = "submissions/employer-index.yaml";

use Place::{At, File, Folder, Line, Within};

/// The corpus. Keep in step with `tests/fixtures/bad/` and its table in
/// `tests/fixtures/README.md` (`the_corpus_table_the_folders_and_the_readme_agree`).
const CASES: &[Case] = &[
    // report.yaml
    case(
        "report-yaml-syntax",
        At("report.yaml", "Department: for"),
        &["YAML", "mapping values"],
    ),
    case(
        "report-yaml-tab",
        At("report.yaml", "\tthreshold"),
        &["indented with a tab"],
    ),
    case(
        "report-yaml-alias-bomb",
        Within("report.yaml", "  a: &a", "  i: &i"),
        &["YAML", "aliases"],
    ),
    case(
        "report-yaml-deep-nesting",
        At("report.yaml", "labels: [[["),
        &["YAML", "nested"],
    ),
    case(
        "report-yaml-empty",
        File("report.yaml"),
        &[
            "missing the required setting `title`",
            "`organisation`",
            "`year`",
        ],
    ),
    case(
        "report-yaml-missing",
        File("report.yaml"),
        &["no report.yaml"],
    ),
    case(
        "report-yaml-unknown-key",
        At("report.yaml", "titel:"),
        &["unknown setting `titel`", "did you mean `title`"],
    ),
    case(
        "report-yaml-missing-key",
        File("report.yaml"),
        &["missing the required setting `organisation`"],
    ),
    case(
        "report-yaml-wrong-type",
        At("report.yaml", "year: twenty"),
        &["`year`", "whole number"],
    ),
    case(
        "report-yaml-duplicate-key",
        At("report.yaml", "year: 2026"),
        &["`year`", "twice"],
    ),
    case(
        "report-yaml-bad-date",
        At("report.yaml", "published:"),
        &["2025-13-01", "not a date"],
    ),
    case(
        "report-yaml-not-utf8",
        At("report.yaml", "organisation:"),
        &["not UTF-8"],
    ),
    case(
        "report-yaml-not-a-map",
        At("report.yaml", "- title"),
        &["`key: value`"],
    ),
    case(
        "report-yaml-stat-missing-table",
        At("report.yaml", "{data: staf,"),
        &["`staf`", "no table"],
    ),
    case(
        "report-yaml-stat-missing-column",
        At("report.yaml", "sum: cuont"),
        &["no column `cuont`", "did you mean `count`"],
    ),
    case(
        "report-yaml-missing-theme",
        At("report.yaml", "theme:"),
        &["`my-theme`", "does not exist"],
    ),
    case(
        "disclosure-threshold-zero",
        At("report.yaml", "threshold: 0"),
        &["threshold of 0"],
    ),
    case(
        "base-url-bad",
        At("report.yaml", "base_url:"),
        &["not a web address"],
    ),
    case(
        "language-bad",
        At("report.yaml", "language:"),
        &["not a language tag"],
    ),
    // Pages
    case(
        "front-matter-syntax",
        At("index.md", "summary: ["),
        &["YAML", "unclosed bracket"],
    ),
    case(
        "front-matter-unclosed",
        At("index.md", "---"),
        &["never closed"],
    ),
    case(
        "front-matter-tab",
        At("index.md", "\tHow"),
        &["indented with a tab"],
    ),
    case(
        "front-matter-missing",
        At("about.md", "# About"),
        &["no front matter"],
    ),
    case(
        "front-matter-not-a-map",
        At("about.md", "- title"),
        &["`key: value`"],
    ),
    case("page-not-utf8", At("about.md", "Write to"), &["not UTF-8"]),
    case("page-empty", Line("about.md", 1), &["no front matter"]),
    case("page-no-title", At("about.md", "---"), &["no title"]),
    case(
        "page-title-list",
        At("about.md", "title:"),
        &["`title`", "text"],
    ),
    case(
        "page-weight-not-number",
        At("about.md", "weight:"),
        &["`weight`", "whole number"],
    ),
    case("page-big", File("about.md"), &["50 MB", "5 MB"]).prepare(write_big_page),
    case(
        "home-page-missing",
        File("index.md"),
        &["no index.md", "home page"],
    ),
    case(
        "page-output-clash",
        File("about.md"),
        &["about/index.html", "about/_index.md"],
    ),
    // Links
    case(
        "link-missing-page",
        At("index.md", "old-report.md"),
        &["old-report.md", "not a page of the report"],
    ),
    case(
        "link-missing-anchor",
        At("index.md", "about.md#wages"),
        &["`#wages`", "not a heading", "`#pay`"],
    ),
    case(
        "link-to-draft",
        At("index.md", "(soon.md)"),
        &["soon.md is a draft"],
    ),
    case(
        "link-missing-glossary-term",
        At("index.md", "glossary.yaml#"),
        &["`#socal-mobility`", "did you mean `#social-mobility`"],
    ),
    case(
        "image-missing",
        At("index.md", "static/logo.png"),
        &["static/logo.png", "not in the report"],
    ),
    // Case studies
    case(
        "case-study-no-consent",
        At("case-studies/pilot.md", "people:"),
        &["Ann Lee", "consent"],
    ),
    case(
        "case-study-consent-false",
        At("case-studies/pilot.md", "consent: false"),
        &["Ann Lee", "consent"],
    ),
    case(
        "case-study-people-not-list",
        At("case-studies/pilot.md", "people:"),
        &["`people`", "list"],
    ),
    // Glossary
    case(
        "glossary-duplicate-term",
        At("glossary.yaml", "- term: social mobility"),
        &["`social mobility`", "twice", "line 1"],
    ),
    case(
        "glossary-unknown-see-also",
        At("glossary.yaml", "see_also:"),
        &["`Socio-economic background`", "not a term"],
    ),
    case(
        "glossary-yaml-syntax",
        At("glossary.yaml", "definition: ["),
        &["`definition`", "text"],
    ),
    case(
        "glossary-unknown-key",
        At("glossary.yaml", "definiton:"),
        &["`definiton`", "did you mean `definition`"],
    ),
    // Blocks: charts, figures, timelines, stats
    case(
        "chart-unknown-type",
        At("index.md", "type: pie"),
        &["`pie`", "not a chart type"],
    ),
    case(
        "chart-missing-column",
        At("index.md", "```chart"),
        &["no column `grde`", "did you mean `grade`"],
    ),
    case(
        "chart-missing-table",
        At("index.md", "```chart"),
        &["no table called `staf`", "did you mean `staff`"],
    ),
    case(
        "chart-unknown-key",
        At("index.md", "colour:"),
        &["unknown key `colour`"],
    ),
    case(
        "chart-yaml-syntax",
        At("index.md", "title: ["),
        &["`title`", "text"],
    ),
    case(
        "chart-where-no-row",
        At("index.md", "```chart"),
        &["`grade` equal to `G7`"],
    ),
    case(
        "chart-measure-as-count",
        At("index.md", "```chart"),
        &["`median_pay` is not the number of people"],
    ),
    case(
        "xlsx-missing-sheet",
        At("index.md", "```chart"),
        &["no table called `workbook/Nope`", "`workbook/Years`"],
    ),
    case(
        "stat-unknown",
        At("index.md", "{{ staf }}"),
        &["no stat called `staf`", "did you mean `staff`"],
    ),
    case(
        "figures-unknown-stat",
        At("index.md", "- stat: staf"),
        &["no stat called `staf`"],
    ),
    case("figures-not-a-list", At("index.md", "value:"), &["list"]),
    case(
        "timeline-bad-date",
        At("index.md", "2025-10-40"),
        &["`2025-10-40` is not a date"],
    ),
    case(
        "timeline-yaml-syntax",
        At("index.md", "Survey opened"),
        &["YAML", "unclosed bracket"],
    ),
    // Data tables
    case(
        "csv-ragged",
        At("data/staff.csv", "HEO,80,12"),
        &["3 values", "2 columns"],
    ),
    case(
        "csv-unclosed-quote",
        At("data/staff.csv", "\"HEO"),
        &["double quote", "never closed"],
    ),
    case(
        "csv-negative-count",
        At("data/staff.csv", "-80"),
        &["`-80`", "negative"],
    ),
    case(
        "csv-non-numeric-count",
        At("data/staff.csv", "eighty"),
        &["`eighty`", "not a number"],
    ),
    case(
        "csv-fractional-count",
        At("data/staff.csv", "80.5"),
        &["`80.5`", "not a whole number"],
    ),
    case(
        "csv-duplicate-header",
        At("data/staff.csv", "grade,count,grade"),
        &["`grade`", "twice"],
    ),
    case("csv-empty", File("data/staff.csv"), &["empty"]),
    case(
        "csv-not-utf8",
        At("data/staff.csv", "gion,80"),
        &["not UTF-8"],
    ),
    case(
        "data-identifying-column",
        At("data/staff.csv", "grade,email"),
        &["`email`", "email addresses", "aggregate"],
    ),
    case(
        "data-yaml-syntax",
        At("data/staff.yaml", "HEO"),
        &["YAML", "unclosed bracket"],
    ),
    case(
        "data-meta-unknown-key",
        At("data/staff.meta.yaml", "sorce:"),
        &["`sorce`", "did you mean `source`"],
    ),
    case("data-big-csv", File("data/big.csv"), &["51 MB", "50 MB"]).prepare(write_big_csv),
    case(
        "xlsx-non-numeric-count",
        File("data/bad.xlsx"),
        &["sheet `Counts`, cell C3", "`abc`", "not a number"],
    ),
    // checklist.yaml
    case(
        "checklist-bad-date",
        At("checklist.yaml", "due:"),
        &["`due: 2025-02-30` is not a date"],
    ),
    case(
        "checklist-bad-status",
        At("checklist.yaml", "status: red"),
        &["`status: red` is not one of the checklist's statuses"],
    ),
    case(
        "checklist-yaml-syntax",
        At("checklist.yaml", "due:"),
        &["`due`"],
    ),
    // Submissions
    case(
        "submission-over-limit",
        At(EI, "answer:"),
        &["12 words over its limit of 5 words"],
    )
    .args(CHECK),
    case(
        "submission-over-limit-file",
        File("answers/dc1.md"),
        &["12 words over its limit of 5 words", "line 8"],
    )
    .args(CHECK),
    case(
        "submission-missing-answer",
        At(EI, "answer:"),
        &["answers/dc2.md does not exist"],
    ),
    case(
        "submission-unknown-key",
        At(EI, "wordlimit:"),
        &["`wordlimit`", "did you mean `word_limit`"],
    ),
    case(
        "submission-evidence-missing",
        At(EI, "evidence:"),
        &["who-gets-in.md", "not a page of the report"],
    ),
    case(
        "submission-deadline-bad",
        At(EI, "deadline:"),
        &["`deadline: 31/10/2025` is not a date"],
    ),
    case(
        "submission-duplicate-id",
        At(EI, "- id: dc1\n        prompt: How many"),
        &["`dc1` is used twice", "line 6"],
    ),
    // The output folder (faults of the command line)
    case(
        "output-is-source",
        Folder("src"),
        &["the output folder is the source folder"],
    )
    .args(&["build", "src", "-o", "src"]),
    case(
        "output-inside-source",
        Folder("src/public"),
        &["inside the source folder"],
    )
    .args(&["build", "src", "-o", "src/public"])
    .good_into("src/public"),
    case(
        "output-contains-source",
        Folder("public"),
        &["contains the source folder"],
    )
    .args(&["build", "public/src", "-o", "public"])
    .prepare(move_source_into_output),
    case(
        "output-not-ladders",
        Folder("docs"),
        &["already holds files that Ladder did not write"],
    )
    .args(&["build", "src", "-o", "docs"])
    .prepare(write_foreign_folder),
    case(
        "output-is-a-file",
        Folder("site.txt"),
        &["is a file, not a folder"],
    )
    .args(&["build", "src", "-o", "site.txt"])
    .prepare(write_file_in_the_way),
    // Symbolic links out of the source
    case(
        "symlink-outside",
        File("static/staff-list.csv"),
        &["link (symlink) to a file outside the source folder"],
    )
    .prepare(link_static_outside)
    .unix_only(),
    case(
        "symlink-outside-page",
        File("notes.md"),
        &["link (symlink) to a file outside the source folder"],
    )
    .prepare(link_page_outside)
    .unix_only(),
    // Once a gap: an output folder that is a link (symlink) was not refused: output.rs
    // had the check ("the output folder is a link (symlink)"), but `absolute()` resolves
    // links before it runs, so the check never fired: `ladder build src -o site`, with
    // `site` a link to the previous site `public/`, exited 0 and replaced `public/`.
    case(
        "output-is-symlink",
        Folder("site"),
        &["the output folder is a link"],
    )
    .args(&["build", "src", "-o", "site"])
    .prepare(link_output)
    .unix_only(),
    // Once a gap: a data table that is a link to a file outside the source was reported
    // once but counted twice ("The build stopped: 2 errors to fix." under one error), as
    // both the walk of the source (src/source/mod.rs) and the data reader
    // (src/data/mod.rs) report it and the count is taken before duplicates are dropped.
    case(
        "symlink-outside-data",
        File("data/staff.csv"),
        &["link (symlink) to a file outside the source folder"],
    )
    .prepare(link_data_outside)
    .unix_only(),
    // Once a gap: an answer file had no size limit (pages have 5 MB, tables 50 MB): a
    // 50 MB answer is read and word-counted, which takes about 30 s in a debug build, and
    // is reported as 10 million words over the limit instead of as too big to read.
    case("submission-answer-big", File("answers/dc1.md"), &["50 MB"])
        .args(CHECK)
        .prepare(write_big_answer),
];

// ---------------------------------------------------------------------------------------
// Preparations: what a case makes at test time.

const MB: usize = 1024 * 1024;

/// `src/about.md`: front matter and 50 MB of prose, in one write.
fn write_big_page(root: &Path) {
    let head = b"---\ntitle: About\n---\n\n";
    let para = b"All work and no play makes a dull report, so we measure who gets on.\n\n";
    let mut bytes = head.to_vec();
    bytes.extend(para.repeat((50 * MB - head.len()) / para.len()));
    bytes.resize(50 * MB, b'\n');
    std::fs::write(root.join("src/about.md"), bytes).unwrap();
}

/// `src/data/big.csv`: a well-formed table of 51 MB, in one write.
fn write_big_csv(root: &Path) {
    let mut bytes = b"grade,count\n".to_vec();
    bytes.extend(b"EO,12\n".repeat(51 * MB / 6 + 1));
    std::fs::write(root.join("src/data/big.csv"), bytes).unwrap();
}

/// `src/answers/dc1.md`: 50 MB of words, in one write.
fn write_big_answer(root: &Path) {
    let mut bytes = b"word ".repeat(10 * MB);
    bytes.truncate(50 * MB);
    std::fs::create_dir_all(root.join("src/answers")).unwrap();
    std::fs::write(root.join("src/answers/dc1.md"), bytes).unwrap();
}

/// Moves the bad source into the previous site: `public/src`.
fn move_source_into_output(root: &Path) {
    std::fs::rename(root.join("src"), root.join("public/src")).unwrap();
}

/// `docs/`: a folder of someone's own files.
fn write_foreign_folder(root: &Path) {
    std::fs::create_dir_all(root.join("docs/sub")).unwrap();
    std::fs::write(root.join("docs/keep.txt"), "my own notes\n").unwrap();
    std::fs::write(root.join("docs/sub/index.html"), "<p>mine</p>\n").unwrap();
}

/// `site.txt`: a file where the output folder should be.
fn write_file_in_the_way(root: &Path) {
    std::fs::write(root.join("site.txt"), "not a folder\n").unwrap();
}

/// `site`: a link to the previous site.
fn link_output(root: &Path) {
    symlink(&root.join("public"), &root.join("site"));
}

/// `secret/`: files outside the source, which a link in the source points to.
fn secret(root: &Path, name: &str, contents: &str) -> PathBuf {
    let dir = root.join("secret");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), contents).unwrap();
    dir.join(name)
}

fn link_static_outside(root: &Path) {
    let target = secret(
        root,
        "staff-list.csv",
        "name,email\nA. Person,a@example.org\n",
    );
    std::fs::create_dir_all(root.join("src/static")).unwrap();
    symlink(&target, &root.join("src/static/staff-list.csv"));
}

fn link_page_outside(root: &Path) {
    let target = secret(
        root,
        "notes.md",
        "---\ntitle: Private notes\n---\n\nNot for publishing.\n",
    );
    symlink(&target, &root.join("src/notes.md"));
}

fn link_data_outside(root: &Path) {
    let target = secret(root, "staff.csv", "grade,count\nEO,120\n");
    std::fs::create_dir_all(root.join("src/data")).unwrap();
    symlink(&target, &root.join("src/data/staff.csv"));
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) {
    unreachable!("cases with links are unix_only");
}

// ---------------------------------------------------------------------------------------
// The check of one case.

/// Everything in a folder, not following links: files by contents, folders, and links by
/// target. Keys are paths relative to the folder with `/` separators.
#[derive(PartialEq, Eq)]
enum Entry {
    Folder,
    File(Vec<u8>),
    Link(PathBuf),
}

fn snapshot(root: &Path) -> BTreeMap<String, Entry> {
    fn walk(root: &Path, dir: &Path, found: &mut BTreeMap<String, Entry>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                found.insert(rel, Entry::Link(std::fs::read_link(&path).unwrap()));
            } else if meta.is_dir() {
                found.insert(rel, Entry::Folder);
                walk(root, &path, found);
            } else {
                found.insert(rel, Entry::File(std::fs::read(&path).unwrap()));
            }
        }
    }
    let mut found = BTreeMap::new();
    walk(root, root, &mut found);
    found
}

/// What differs between two snapshots, in words.
fn differences(before: &BTreeMap<String, Entry>, after: &BTreeMap<String, Entry>) -> Vec<String> {
    let mut found = Vec::new();
    for (path, entry) in before {
        match after.get(path) {
            None => found.push(format!("{path} was removed")),
            Some(now) if now != entry => found.push(format!("{path} was changed")),
            Some(_) => {}
        }
    }
    for path in after.keys() {
        if !before.contains_key(path) {
            found.push(format!("{path} was added"));
        }
    }
    found
}

/// The 1-based line of the first occurrence of `needle` in the case's `file`.
fn line_in(case: &str, file: &str, needle: &str) -> usize {
    let path = fixtures().join("bad").join(case).join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    // Invalid bytes become one character each: the line count is unchanged.
    line_of(&String::from_utf8_lossy(&bytes), needle)
}

/// The number of errors the run's summary line gives, if it has one: "The build
/// stopped: 3 errors to fix." (build) or "3 errors, 0 warnings" (check).
fn summary_count(run: &Run) -> Option<usize> {
    let find = |text: &str, marker: &str| {
        text.lines().find_map(|line| {
            let at = line.find(marker)?;
            let digits: String = line[..at]
                .chars()
                .rev()
                .take_while(char::is_ascii_digit)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            digits.parse().ok()
        })
    };
    find(&run.stderr, " error to fix")
        .or_else(|| find(&run.stderr, " errors to fix"))
        .or_else(|| find(&run.stdout, " error,"))
        .or_else(|| find(&run.stdout, " errors,"))
}

/// Runs one case in its own temporary folder; returns what is wrong with the result, in
/// words (empty when the case passes).
fn check_case(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let project = Project::copy_of(&fixtures().join("bad").join(case.name));
    let root = project.root();
    common::copy_dir(&fixtures().join("bad").join("_good"), &root.join("good"));
    let good = run_in(root, &["build", "good", "-o", case.good_into]);
    if good.code != Some(0) || !root.join(case.good_into).join("index.html").is_file() {
        return vec![format!(
            "setup: the good source did not build into {}\n--- stderr\n{}",
            case.good_into, good.stderr
        )];
    }
    if let Some(prepare) = case.prepare {
        prepare(root);
    }
    let before = snapshot(root);

    let run = run_in(root, case.args);

    if run.code != Some(1) {
        problems.push(format!(
            "exit status {:?}, expected exactly 1 (source errors)",
            run.code
        ));
    }
    if run.code == Some(101) || run.stderr.contains("panicked") {
        problems.push("the binary panicked".to_string());
    }
    match case.place {
        At(file, needle) => {
            let line = line_in(case.name, file, needle);
            if !mentions_place(&run.stderr, &format!("{file}:{line}")) {
                problems.push(format!("stderr does not name {file}:{line}"));
            }
        }
        Within(file, from, to) => {
            let (from, to) = (line_in(case.name, file, from), line_in(case.name, file, to));
            if !(from..=to).any(|line| mentions_place(&run.stderr, &format!("{file}:{line}"))) {
                problems.push(format!("stderr does not name {file}:{from} to {file}:{to}"));
            }
        }
        Line(file, line) => {
            if !mentions_place(&run.stderr, &format!("{file}:{line}")) {
                problems.push(format!("stderr does not name {file}:{line}"));
            }
        }
        File(path) | Folder(path) => {
            if !mentions_place(&run.stderr, path) {
                problems.push(format!("stderr does not name {path}"));
            }
        }
    }
    let lower = run.stderr.to_lowercase();
    for word in case.words {
        if !lower.contains(&word.to_lowercase()) {
            problems.push(format!("the message does not say {word:?}"));
        }
    }
    let printed = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .count();
    if printed == 0 {
        problems.push("no `error:` is printed".to_string());
    }
    if let Some(counted) = summary_count(&run)
        && counted != printed
    {
        problems.push(format!(
            "the summary counts {counted} errors but {printed} are printed"
        ));
    }
    let after = snapshot(root);
    for difference in differences(&before, &after) {
        problems.push(format!("the failed run changed the files: {difference}"));
    }
    if !problems.is_empty() {
        problems.push(format!(
            "command: (cd <tmp> && ladder {})\n--- exit status {:?}\n--- stdout\n{}--- stderr\n{}",
            case.args.join(" "),
            run.code,
            run.stdout,
            run.stderr
        ));
    }
    problems
}

/// Runs the cases in parallel and panics with every failure, named.
fn run_all(cases: &[Case]) {
    let start = Instant::now();
    let cases: Vec<&Case> = cases
        .iter()
        .filter(|c| cfg!(unix) || !c.unix_only)
        .collect();
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<(&str, Vec<String>, Duration)>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get().min(8));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let started = Instant::now();
                    let problems = check_case(case);
                    let took = started.elapsed();
                    if !problems.is_empty() {
                        failures.lock().unwrap().push((case.name, problems, took));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort_by_key(|f| f.0);
    if !failures.is_empty() {
        let mut report = format!(
            "{} of {} bad-input cases failed: {}\n",
            failures.len(),
            cases.len(),
            failures.iter().map(|f| f.0).collect::<Vec<_>>().join(", ")
        );
        for (name, problems, took) in &failures {
            let _ = writeln!(report, "\n=== {name} ({} ms)", took.as_millis());
            for problem in problems {
                let _ = writeln!(report, "- {problem}");
            }
        }
        panic!("{report}");
    }
    eprintln!(
        "{} bad-input cases passed in {:.1} s",
        cases.len(),
        start.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------
// The tests.

#[test]
fn every_bad_source_fails_with_its_place_and_leaves_everything_as_it_was() {
    run_all(CASES);
}

/// The table, the folders of `tests/fixtures/bad/` and the README's table name the same
/// cases, once each, and there are at least 34 of them.
#[test]
fn the_corpus_table_the_folders_and_the_readme_agree() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures().join("bad"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "_good")
        .collect();
    folders.sort();
    let mut named: Vec<String> = CASES.iter().map(|c| c.name.to_string()).collect();
    named.sort();
    let unique = {
        let mut u = named.clone();
        u.dedup();
        u
    };
    assert_eq!(unique, named, "a case is in the tables twice");
    assert_eq!(
        folders, named,
        "tests/fixtures/bad/ and the tables of tests/bad.rs differ"
    );
    assert!(CASES.len() >= 34, "issue 6 asks for at least 34 faults");
    let readme = common::read_text(&fixtures().join("README.md"));
    for name in &named {
        assert!(
            readme.contains(&format!("| `{name}/` |")),
            "tests/fixtures/README.md has no line for bad/{name}/"
        );
    }
}

/// The good source really is good: it builds with no warning at all, so every failure
/// of a case comes from its fault.
#[test]
fn the_good_source_builds_cleanly() {
    let project = Project::copy_of(&fixtures().join("bad").join("_good"));
    project.build_ok(&[]).assert_quiet();
    assert!(project.has("index.html") && project.has("about/index.html"));
}

#[test]
fn yaml_limits_are_explained_in_plain_english() {
    for name in ["report-yaml-alias-bomb", "report-yaml-deep-nesting"] {
        let project = Project::copy_of(&fixtures().join("bad").join(name));
        let run = project.build(&[]);
        run.assert_source_error().assert_stderr("nested");
        for jargon in ["budget", "{ nodes", "recursion"] {
            assert!(
                !run.stderr.contains(jargon),
                "{name}: jargon {jargon:?} in:\n{}",
                run.stderr
            );
        }
    }
}
