//! Property tests ("fuzzing") of every parser of Ladder: random bytes and random
//! near-valid structures (YAML of the right shape for each file, CSV with random quoting
//! and rows, markdown made of fragments with fences, stats, blocks, links, heading ids and
//! front matter) go into every public entry point, and nothing may panic. Where it is
//! cheap, the results are checked too: problems are placed on a line that exists in the
//! file, ids are unique, CSV reads back, word counts agree with the exported text.
//!
//! The most valuable properties run whole builds (`ladder::build::build`, nothing
//! written): the fixtures with one or two files damaged, and sources made up from scratch.
//!
//! The generators are in `tests/fuzz/gen.rs`. Case counts are small so that
//! `cargo test --test fuzz` takes well under a minute in a debug build; set
//! `LADDER_FUZZ_CASES` to a multiplier (`LADDER_FUZZ_CASES=20`) for a longer run, and
//! `PROPTEST_RNG_SEED` to replay one. Failures are not saved to disk: proptest prints the
//! shrunk input.
//!
//! A panic found here is recorded as an ignored `known_panic_*` test at the end of the
//! file, with the smallest input that shows it (run them with `-- --ignored`), and the
//! properties leave the inputs that cause it out so that they keep looking for new ones.
//! Remove both when the panic is fixed in `src/`, and keep the test as a regression test
//! of the right behaviour. None is known at the moment: the ones found so far (glossary
//! linking with characters whose lower case changes length, huge counts added up, `\{{`
//! outside prose) are fixed and tested at the end of the file.

#[path = "fuzz/gen.rs"]
mod generate;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::{Index, select};

use generate as g;
use ladder::diagnostic::{Diagnostic, Diagnostics};

// ---------------------------------------------------------------------------------------
// Set-up

/// The multiplier of every property's case count, from `LADDER_FUZZ_CASES` (default 1).
fn scale() -> u32 {
    std::env::var("LADDER_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(1)
}

/// The configuration of a property run with `cases` cases (times [`scale`]).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: cases.saturating_mul(scale()),
        // Nothing is written next to this file; proptest prints the shrunk input.
        failure_persistence: None,
        // Whole builds are slow to shrink; a good-enough input is fine.
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    }
}

/// The number of lines of `text` as an editor shows them.
fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// Asserts that every diagnostic with a line places it in `first..=last`.
fn assert_lines_within(diagnostics: &Diagnostics, first: usize, last: usize, what: &str) {
    for d in diagnostics.sorted() {
        if let Some(line) = d.line {
            assert!(
                (first..=last).contains(&line),
                "{what}: line {line} is outside {first}..={last}: {d:?}"
            );
        }
        if let Some(column) = d.column {
            assert!(column >= 1, "{what}: column 0: {d:?}");
        }
    }
}

/// Asserts a single diagnostic's line is in the text it came from.
fn assert_diagnostic_within(d: &Diagnostic, first: usize, last: usize, what: &str) {
    let mut all = Diagnostics::new();
    all.push(d.clone());
    assert_lines_within(&all, first, last, what);
}

/// Writes `files` (path relative to the folder, bytes) into a new temporary folder.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    for (path, bytes) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create a folder");
        }
        fs::write(path, bytes).expect("write a file");
    }
    dir
}

/// Decodes like Ladder does for every text file (BOM dropped, CRLF made LF).
fn decoded(bytes: &[u8]) -> Option<String> {
    ladder::source::decode_text(Path::new("x"), bytes.to_vec()).ok()
}

/// Random bytes: mostly short, sometimes text-like.
fn bytes() -> BoxedStrategy<Vec<u8>> {
    prop_oneof![
        2 => proptest::collection::vec(any::<u8>(), 0..200),
        2 => g::text_with(g::YAML_SYNTAX, 30).prop_map(String::into_bytes),
        1 => g::text_with(g::MD_SYNTAX, 30).prop_map(String::into_bytes),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------
// Text: decoding, slugs, numbers, dates, word counts

proptest! {
    #![proptest_config(config(512))]

    /// `decode_text` on any bytes: text without CR, or an error on a line of the file.
    #[test]
    fn decode_text_never_panics(bytes in bytes(), bom in any::<bool>()) {
        let mut input = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
        input.extend(&bytes);
        let lines = input.iter().filter(|b| **b == b'\n').count() + 1;
        match ladder::source::decode_text(Path::new("f.txt"), input.clone()) {
            Ok(text) => {
                prop_assert!(!text.contains('\r'));
                prop_assert!(std::str::from_utf8(&input).is_ok());
            }
            Err(d) => {
                prop_assert!(std::str::from_utf8(&input).is_err());
                assert_diagnostic_within(&d, 1, lines, "decode_text");
            }
        }
    }

    /// Slugs of any text are non-empty ids without spaces or doubled hyphens.
    #[test]
    fn slug_is_an_id(text in prop_oneof![g::text(8), any::<String>()]) {
        let slug = ladder::source::slug(&text);
        prop_assert!(!slug.is_empty());
        prop_assert!(!slug.chars().any(char::is_whitespace), "{slug:?}");
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-'), "{slug:?}");
        prop_assert!(!slug.contains("--"), "{slug:?}");
        prop_assert!(!slug.contains(['/', '_', '#', '?', '"', '<']), "{slug:?}");
        let _ = ladder::source::page::title_from_folder(&text);
        let _ = ladder::source::glossary::sort_key(&text);
        let _ = ladder::source::normalise(Path::new(&text));
    }

    /// Numbers as written in data files, and Ladder's own number formatting.
    #[test]
    fn numbers_parse_and_format(
        text in prop_oneof![
            g::text_with(&["1", "2", ",", ".", "-", "+", "e", "000", ",000", "inf", "NaN"], 6),
            any::<String>(),
        ],
        value in prop_oneof![any::<f64>(), -1e7..1e7f64, Just(f64::NAN), Just(-0.0)],
        count in any::<u64>(),
        decimals in 0..12usize,
    ) {
        if let Some(n) = ladder::data::parse_number(&text) {
            prop_assert!(n.is_finite(), "{text:?} -> {n}");
        }
        let _ = ladder::data::Shorthand::parse(&text);
        let _ = ladder::checklist::Status::parse(&text);
        let _ = ladder::chart::plot::Kind::parse(&text);

        let counted = ladder::format::count(count);
        prop_assert_eq!(counted.replace(',', ""), count.to_string());
        let formatted = ladder::format::number(value, decimals);
        if value.is_finite() {
            // Thousands separators removed, the number reads back as itself, rounded.
            let back: f64 = formatted.replace(',', "").parse().expect("a number");
            let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) * 1.000_001 + value.abs() * 1e-12;
            prop_assert!((back - value).abs() <= tolerance, "{value} {decimals} -> {formatted}");
        } else {
            prop_assert_eq!(formatted, "");
        }
        let _ = ladder::format::percent(value, decimals);
        let _ = ladder::format::change_points(value, decimals);
        let _ = ladder::format::change_value(value, decimals);
    }

    /// CSV records written by Ladder read back as the same fields.
    #[test]
    fn csv_records_round_trip(fields in proptest::collection::vec(
        g::text_with(&[",", "\"", "\n", "\r", "\r\n", " "], 4), 2..6)) {
        // A byte-order mark at the very start is taken for one by every CSV reader.
        prop_assume!(!fields[0].starts_with('\u{feff}'));
        let mut out = String::new();
        ladder::format::csv_record(&mut out, &fields);
        prop_assert!(out.ends_with("\r\n"));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(out.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("valid CSV")).collect();
        prop_assert_eq!(records.len(), 1);
        let read: Vec<&str> = records[0].iter().collect();
        prop_assert_eq!(read, fields.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// Dates: any text parses to a real date or nothing; any two dates have a distance.
    #[test]
    fn dates_parse(
        text in prop_oneof![
            select(g::SCALARS).prop_map(str::to_string),
            (any::<i32>(), 0..14u32, 0..33u32).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
            g::text_with(&["-", "2025", "02", "29", " "], 5),
        ],
        other in (-400_000i32..400_000, 1..=12u32, 1..=28u32),
    ) {
        if let Some(date) = ladder::source::Date::parse(&text) {
            prop_assert!((1..=12).contains(&date.month), "{date:?}");
            prop_assert!((1..=31).contains(&date.day), "{date:?}");
            let _ = date.display();
            let other = ladder::source::Date { year: other.0, month: other.1, day: other.2 };
            let there = ladder::submissions::days_between(date, other);
            prop_assert_eq!(there, -ladder::submissions::days_between(other, date));
            let _ = ladder::submissions::deadline_words(date, other);
            let _ = ladder::checklist::is_overdue(date, other);
        }
    }

    /// Word counts of any markdown; the count equals the count of the exported text.
    #[test]
    fn word_counts(markdown in prop_oneof![3 => g::md_body(), 1 => g::text_with(g::MD_SYNTAX, 30)]) {
        let counted = ladder::wordcount::count_markdown(&markdown);
        let plain = ladder::wordcount::plain_text(&markdown);
        prop_assert_eq!(counted, ladder::wordcount::count(&plain), "plain text: {:?}", plain);
        let _ = ladder::markdown::glossary::short_definition(&markdown);
        let _ = ladder::markdown::outline(&markdown).charts;
    }
}

// ---------------------------------------------------------------------------------------
// YAML

/// Checks a YAML error against the text it came from (its first line is `first`).
fn check_yaml_error(d: &Diagnostic, text: &str, first: usize) {
    assert_diagnostic_within(d, first, first + line_count(text), "yaml::parse");
}

proptest! {
    #![proptest_config(config(384))]

    /// `yaml::parse` into loose and strict types: an error is on a line of the text.
    #[test]
    fn yaml_parse_never_panics(
        text in prop_oneof![
            2 => g::near_yaml(g::any_yaml(g::COLUMNS, g::SCALARS), 3),
            1 => g::text_with(g::YAML_SYNTAX, 40),
            1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        first in 1..1000usize,
        key in select(g::COLUMNS),
    ) {
        let Some(text) = decoded(text.as_bytes()) else { return Ok(()) };
        let file = Path::new("x.yaml");
        if let Err(d) = ladder::yaml::parse::<serde_json::Value>(&text, file, first) {
            check_yaml_error(&d, &text, first);
        }
        if let Err(d) = ladder::yaml::parse::<BTreeMap<String, serde::de::IgnoredAny>>(&text, file, first) {
            check_yaml_error(&d, &text, first);
        }
        type Records = Vec<BTreeMap<String, ladder::source::config::Scalar>>;
        if let Err(d) = ladder::yaml::parse::<Records>(&text, file, first) {
            check_yaml_error(&d, &text, first);
        }
        if let Err(d) = ladder::yaml::parse::<ladder::source::config::Config>(&text, file, first) {
            check_yaml_error(&d, &text, first);
        }
        if let Err(d) = ladder::yaml::parse::<ladder::source::page::FrontMatter>(&text, file, first) {
            check_yaml_error(&d, &text, first);
        }
        if let Some(line) = ladder::yaml::key_line(&text, key) {
            prop_assert!(line >= 1 && line <= line_count(&text));
        }
        let _ = ladder::source::config::unknown_field(&text);
    }

    /// report.yaml: near-valid settings, and the stats in it.
    #[test]
    fn report_yaml_never_panics(text in prop_oneof![
        4 => g::near_yaml(g::report_yaml(), 2),
        1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]) {
        let dir = folder(&[("report.yaml", text.as_bytes())]);
        let mut diagnostics = Diagnostics::new();
        let config = ladder::source::config::load(dir.path(), &mut diagnostics);
        let decoded_text = decoded(text.as_bytes()).unwrap_or_default();
        assert_lines_within(&diagnostics, 1, line_count(&decoded_text).max(1), "report.yaml");
        if config.is_none() {
            prop_assert!(diagnostics.has_errors());
        }
        if let Some(config) = config {
            let mut stat_diagnostics = Diagnostics::new();
            let specs = ladder::spec::stats(&config.stats, &decoded_text, &mut stat_diagnostics);
            prop_assert!(specs.len() <= config.stats.len());
            assert_lines_within(&stat_diagnostics, 1, line_count(&decoded_text), "stats");
            for (_, scalars) in config.groups.values().flat_map(|m| m.iter()) {
                for s in scalars {
                    let _ = s.text();
                }
            }
        }
    }

    /// Page front matter and the split into front matter and body, for every kind of page.
    #[test]
    fn pages_never_panic(
        text in prop_oneof![
            4 => g::page_text(),
            1 => (g::page_text(), g::edits(3)).prop_map(|(t, e)| g::apply_text(&t, &e)),
            1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        kind in select(&[
            ladder::source::PageKind::Home,
            ladder::source::PageKind::Page,
            ladder::source::PageKind::Section,
            ladder::source::PageKind::CaseStudy,
        ]),
    ) {
        let Some(text) = decoded(text.as_bytes()) else { return Ok(()) };
        if let Ok((yaml, yaml_line, body, body_line)) = ladder::source::page::split_front_matter(&text) {
            prop_assert_eq!(yaml_line, 2);
            prop_assert!(text.ends_with(body));
            // (An empty body after a last line `---` has no line of its own.)
            if !body.is_empty() {
                let before = &text[..text.len() - body.len()];
                prop_assert_eq!(before.matches('\n').count() + 1, body_line);
            }
            prop_assert!(text[4..].starts_with(yaml));
        }
        let mut diagnostics = Diagnostics::new();
        let page = ladder::source::page::parse(Path::new("p.md"), kind, &text, &mut diagnostics);
        assert_lines_within(&diagnostics, 1, line_count(&text), "page");
        match page {
            Some(page) => {
                prop_assert!(!page.title.trim().is_empty());
                prop_assert!(text.ends_with(&page.body));
            }
            None => prop_assert!(diagnostics.has_errors()),
        }
    }

    /// glossary.yaml: a list of near-valid terms.
    #[test]
    fn glossary_never_panics(text in prop_oneof![
        4 => g::near_yaml(g::glossary_yaml(), 2),
        1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]) {
        let dir = folder(&[("glossary.yaml", text.as_bytes())]);
        let mut diagnostics = Diagnostics::new();
        let terms = ladder::source::glossary::load(dir.path(), &mut diagnostics);
        let text = decoded(text.as_bytes()).unwrap_or_default();
        assert_lines_within(&diagnostics, 1, line_count(&text), "glossary.yaml");
        let ids: BTreeSet<&str> = terms.iter().map(|t| t.id.as_str()).collect();
        prop_assert_eq!(ids.len(), terms.len(), "glossary ids are unique: {:?}", terms);
        for term in &terms {
            prop_assert!(!term.term.is_empty());
            prop_assert!(term.line >= 1 && term.line <= line_count(&text));
        }
        // The glossary linker on the terms found, over random prose.
        let linker = ladder::markdown::glossary::Linker::new(&terms);
        let _ = linker.find("Socio-economic background and SEB and social mobility", &BTreeSet::new());
    }

    /// checklist.yaml, and everything made from a checklist that parses.
    #[test]
    fn checklist_never_panics(
        text in prop_oneof![
            4 => g::near_yaml(g::checklist_yaml(), 2),
            1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        published in proptest::option::of(select(&["2025-10-01", "2024-02-29", "1-01-01"])),
    ) {
        let Some(text) = decoded(text.as_bytes()) else { return Ok(()) };
        let mut diagnostics = Diagnostics::new();
        let checklist = ladder::checklist::parse(&text, &mut diagnostics);
        assert_lines_within(&diagnostics, 1, line_count(&text), "checklist.yaml");
        if let Some(checklist) = checklist {
            prop_assert!(!diagnostics.has_errors());
            let published = published.and_then(ladder::source::Date::parse);
            let _ = ladder::checklist::page_html(&checklist, published);
            let _ = ladder::checklist::chart_svg(&checklist);
            let _ = ladder::checklist::summary(&checklist);
            let steps = ladder::checklist::next_steps(&checklist, published);
            let csv = ladder::checklist::action_plan_csv(&checklist, published);
            // The action plan is CSV with a header and one row per next step.
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(&csv[..]);
            prop_assert_eq!(reader.records().count(), steps.len());
            let ids: BTreeSet<&str> = checklist.areas.iter().map(|a| a.id.as_str()).collect();
            prop_assert_eq!(ids.len(), checklist.areas.len());
        } else {
            prop_assert!(diagnostics.has_errors());
        }
    }

    /// submissions/NAME.yaml, with answer files next to it, and what is made from it.
    #[test]
    fn submissions_never_panic(
        text in prop_oneof![
            4 => g::near_yaml(g::submission_yaml(), 2),
            1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        answer in g::md_body(),
        strict in any::<bool>(),
    ) {
        let Some(text) = decoded(text.as_bytes()) else { return Ok(()) };
        let dir = folder(&[
            ("answers/dc1.md", answer.as_bytes()),
            ("answers/pt1.md", b"\xff\xfe not UTF-8"),
            ("index.md", b"---\ntitle: Home\n---\n"),
        ]);
        let file = Path::new("submissions/entry.yaml");
        let mut diagnostics = Diagnostics::new();
        let submission = ladder::submissions::parse(&text, file, dir.path(), &mut diagnostics);
        let in_file: Diagnostics = {
            let mut d = Diagnostics::new();
            for item in diagnostics.sorted().into_iter().filter(|d| d.file == file) {
                d.push(item);
            }
            d
        };
        assert_lines_within(&in_file, 1, line_count(&text), "submission");
        if let Some(submission) = submission {
            let _ = ladder::submissions::summary(&submission);
            let _ = ladder::submissions::text_export(&submission);
            let _ = ladder::submissions::coverage(&submission);
            let _ = ladder::submissions::title(&submission);
            let _ = submission.headings();
            for section in &submission.sections {
                let _ = ladder::submissions::section_areas(&section.title);
            }
            for question in submission.questions() {
                let _ = question.count_text();
            }
            let mut limits = Diagnostics::new();
            ladder::submissions::check_limits(&submission, strict, &mut limits);
            prop_assert_eq!(limits.has_errors(), strict && !limits.is_empty());
            let _ = ladder::submissions::index_html(&[submission], ladder::source::Date::parse("2025-10-01"));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Data tables

proptest! {
    #![proptest_config(config(256))]

    /// data/: CSV tables, YAML tables and their descriptions, read together.
    #[test]
    fn data_tables_never_panic(
        csv_text in prop_oneof![
            4 => g::csv_text(),
            1 => (g::csv_text(), g::edits(3)).prop_map(|(t, e)| g::apply_text(&t, &e)),
            1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        records in prop_oneof![
            4 => g::near_yaml(g::records_yaml(), 2),
            1 => bytes().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        meta in g::near_yaml(g::meta_yaml(), 2),
        names in select(&[("t", "t"), ("t", "r"), ("T", "t"), ("t", "x")]),
        bom in any::<bool>(),
    ) {
        let (csv_name, meta_name) = names;
        let mut csv_bytes = if bom { b"\xef\xbb\xbf".to_vec() } else { Vec::new() };
        csv_bytes.extend(csv_text.as_bytes());
        let csv_path = format!("data/{csv_name}.csv");
        let meta_path = format!("data/{meta_name}.meta.yaml");
        let dir = folder(&[
            (csv_path.as_str(), &csv_bytes),
            ("data/r.yaml", records.as_bytes()),
            (meta_path.as_str(), meta.as_bytes()),
            ("data/notes.txt", b"not a table"),
            ("data/_private.csv", b"a,b\n"),
        ]);
        let mut diagnostics = Diagnostics::new();
        let tables = ladder::data::load(dir.path(), &mut diagnostics);
        // Every problem is on a line of its own file.
        let mut lines: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let records_path = "data/r.yaml".to_string();
        for (path, text) in [(&csv_path, &csv_text), (&records_path, &records), (&meta_path, &meta)] {
            lines.insert(PathBuf::from(path), line_count(&decoded(text.as_bytes()).unwrap_or_default()));
        }
        for d in diagnostics.sorted() {
            if let (Some(line), Some(count)) = (d.line, lines.get(&d.file)) {
                prop_assert!(line >= 1 && line <= *count, "line {} of {} lines: {:?}", line, count, d);
            }
        }
        for (name, table) in &tables {
            prop_assert_eq!(name, &table.name);
            let width = table.columns.len();
            prop_assert_eq!(table.rows.len(), table.text.rows());
            prop_assert_eq!(table.text.width(), width);
            prop_assert_eq!(table.rows.len(), table.row_lines.len());
            for (row, cells) in table.rows.iter().enumerate() {
                prop_assert_eq!(cells.len(), width);
                prop_assert_eq!(table.text.row(row).count(), width);
                for column in 0..width {
                    let _ = table.cell(row, column);
                    let _ = table.cell_text(row, column);
                    let _ = table.number(row, column);
                }
            }
            for column in 0..width {
                let _ = table.label(column);
                let _ = table.first_non_number(column);
                let _ = ladder::data::column_letters(column);
            }
            let _ = table.count_column();
            let _ = table.shorthands_used();
        }
    }

    /// Workbooks: a real .xlsx with random edits (calamine's own panics are caught).
    #[test]
    fn workbooks_never_panic(edits in g::edits(6), name in select(&["w.xlsx", "w.ods", "w.xls", "w.xlsb"])) {
        let original = fs::read(fixtures().join("data/workforce.xlsx")).expect("the fixture workbook");
        let damaged = g::apply(&original, &edits);
        let path = format!("data/{name}");
        let dir = folder(&[(path.as_str(), &damaged)]);
        let mut diagnostics = Diagnostics::new();
        let _ = ladder::data::load(dir.path(), &mut diagnostics);
    }
}

// ---------------------------------------------------------------------------------------
// Blocks and markdown

proptest! {
    #![proptest_config(config(384))]

    /// `chart`, `figures` and `timeline` block YAML: problems are on lines of the block
    /// (or on its opening fence).
    #[test]
    fn block_specs_never_panic(
        chart in prop_oneof![
            3 => g::near_yaml(g::chart_yaml(), 2),
            2 => g::near_yaml(g::good_chart_yaml(), 1),
            1 => g::text_with(g::YAML_SYNTAX, 20),
        ],
        figures in g::near_yaml(g::figures_yaml(), 2),
        timeline in g::near_yaml(g::timeline_yaml(), 2),
        line in 1..5000usize,
    ) {
        let file = Path::new("p.md");
        for text in [&chart, &figures, &timeline] {
            let Some(text) = decoded(text.as_bytes()) else { continue };
            let last = line + line_count(&text);
            let mut d = Diagnostics::new();
            if let Some(spec) = ladder::spec::chart(&text, file, line, &mut d) {
                prop_assert!(!spec.title.is_empty() && !spec.data.is_empty() && !spec.x.is_empty());
                prop_assert_eq!(spec.line, line);
            }
            assert_lines_within(&d, line, last, "chart");
            let mut d = Diagnostics::new();
            for item in ladder::spec::figures(&text, file, line, &mut d) {
                prop_assert!(item.line > line && item.line <= last);
            }
            assert_lines_within(&d, line, last, "figures");
            let mut d = Diagnostics::new();
            let _ = ladder::spec::timeline(&text, file, line, &mut d);
            assert_lines_within(&d, line, last, "timeline");
        }
    }

    /// The outline of any page body: unique heading ids.
    #[test]
    fn outline_ids_are_unique(body in prop_oneof![3 => g::md_body(), 1 => g::text_with(g::MD_SYNTAX, 40)]) {
        let outline = ladder::markdown::outline(&body);
        let ids: BTreeSet<&str> = outline.headings.iter().map(|h| h.id.as_str()).collect();
        prop_assert_eq!(ids.len(), outline.headings.len(), "{:?}", outline.headings);
        for heading in &outline.headings {
            prop_assert!((1..=6).contains(&heading.level));
            prop_assert!(!heading.id.is_empty());
        }
        let _ = outline.anchors();
    }

    /// The markdown renderer with blocks, stats, links and glossary linking: problems are
    /// on lines of the body.
    #[test]
    fn markdown_render_never_panics(
        body in prop_oneof![4 => g::md_body(), 1 => g::text_with(g::MD_SYNTAX, 40)],
        body_line in 1..100usize,
        allow_html in any::<bool>(),
        glossary in any::<bool>(),
        terms in proptest::collection::vec((select(TERMS), proptest::option::of(select(ABBRS))), 0..4),
    ) {
        let terms = glossary_terms(&terms);
        let linker = ladder::markdown::glossary::Linker::new(&terms);
        let outline = ladder::markdown::outline(&body);
        let blocks = FakeBlocks;
        let source = Path::new("p.md");
        let ctx = ladder::markdown::PageContext {
            source,
            body_line,
            out: "p/index.html",
            outline: &outline,
            glossary: glossary.then_some((&linker, "../glossary/index.html")),
            allow_html,
            blocks: Some(&blocks),
        };
        let resolver = ladder::markdown::links::Resolver::default();
        let mut diagnostics = Diagnostics::new();
        let html = ladder::markdown::render(&body, &ctx, &resolver, &mut diagnostics);
        assert_lines_within(&diagnostics, body_line, body_line + line_count(&body), "render");
        // Nothing stands in for `\{{` that could show: a private-use character in the page
        // comes from the page (written as it is or as a character reference).
        if !body.contains('\u{E000}') && !body.contains("&#") {
            prop_assert!(!html.contains('\u{E000}'), "an internal placeholder leaked: {html}");
        }
        if !allow_html {
            prop_assert!(!html.contains("<script"), "{html}");
        }
        // Without blocks (glossary definitions), stats are errors, never a panic.
        let ctx = ladder::markdown::PageContext { blocks: None, ..ctx };
        let _ = ladder::markdown::render(&body, &ctx, &resolver, &mut Diagnostics::new());
    }

    /// Glossary auto-linking over random prose with case-changing characters (some whose
    /// lower case is longer or shorter in bytes): every use found is a whole word of the
    /// text, on character boundaries, written as one of the term's spellings (any case but
    /// for the abbreviation).
    #[test]
    fn glossary_linker_finds_whole_words_in_place(
        terms in proptest::collection::vec((select(TERMS), proptest::option::of(select(ABBRS))), 1..4),
        text in g::text_with(
            &[
                "term", "Term", "TERM", "SEB", "seb", " ", "é", "ß", "\u{a0}", "Ⱥ", "ⱥ", "ȺX",
                "\u{2126}", "\u{212A}ELVIN", "İSTANBUL", "i̇stanbul", "İ", "ǄEMAL", "ǆemal",
            ],
            12,
        ),
    ) {
        let terms = glossary_terms(&terms);
        let linker = ladder::markdown::glossary::Linker::new(&terms);
        let lower = |s: &str| s.chars().flat_map(char::to_lowercase).collect::<String>();
        let mut linked = BTreeSet::new();
        while let Some((start, end, term)) = linker.find(&text, &linked) {
            prop_assert!(start < end && end <= text.len());
            prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
            prop_assert!(linked.insert(term));
            let found = &text[start..end];
            let t = &terms[term];
            let spelling = std::iter::once(&t.term)
                .chain(&t.aliases)
                .any(|s| lower(s.trim()) == lower(found))
                || t.abbr.as_deref().is_some_and(|a| a.trim() == found);
            prop_assert!(spelling, "{found:?} is not a spelling of {t:?}");
            prop_assert!(!text[..start].chars().next_back().is_some_and(char::is_alphanumeric));
            prop_assert!(!text[end..].chars().next().is_some_and(char::is_alphanumeric));
            let _ = linker.link_html(term, found, "g/index.html", "gloss-1");
        }
    }
}

/// The charts fixture, loaded once: its source, site and link resolver, for rendering
/// random pages with real charts, stats and links.
struct Loaded {
    source: ladder::source::Source,
    resolver: ladder::markdown::links::Resolver,
}

fn charts_fixture() -> &'static Loaded {
    static LOADED: OnceLock<Loaded> = OnceLock::new();
    LOADED.get_or_init(|| {
        let mut d = Diagnostics::new();
        let source = ladder::source::load(&fixtures().join("charts"), &mut d)
            .expect("the charts fixture loads");
        let site = ladder::site::Site::plan(&source, false, &mut d);
        let outlines: Vec<_> = site
            .entries
            .iter()
            .map(|e| ladder::markdown::outline(&source.pages[e.page].body))
            .collect();
        let resolver = ladder::markdown::links::Resolver::new(&source, &site, &outlines);
        assert!(!d.has_errors(), "{:?}", d.sorted());
        Loaded { source, resolver }
    })
}

proptest! {
    #![proptest_config(config(192))]

    /// Random pages rendered with the real charts, stats and links of the charts fixture,
    /// under random disclosure rules: charts of random specs over real tables are drawn,
    /// and every problem is on a line of the body.
    #[test]
    fn pages_with_real_charts_never_panic(
        body in g::md_body(),
        charts in proptest::collection::vec(g::fixture_chart(), 0..4),
        rules in rules(),
        symbol in select(&["[c]", "*", "", "<b>"]),
        published in proptest::option::of(select(&["2025-10-01", "2025-04-01", "2030-01-01"])),
        from in select(&["index.md", "who-gets-on.md", "case-studies/x.md", "a/b/c.md"]),
    ) {
        let loaded = charts_fixture();
        // Charts of the fixture's tables (most of them valid), then the random body.
        let mut with_charts = String::new();
        for chart in &charts {
            with_charts.push_str(&format!("```chart\n{chart}```\n\n"));
        }
        let body = with_charts + &body;
        render_with_data(&loaded.source, &loaded.resolver, &body, from, rules, symbol, published);
    }

    /// Charts of every kind over a table of random counts and values (zero, tiny, huge,
    /// negative, withheld, not numbers), under random disclosure rules and orders.
    #[test]
    fn charts_of_random_data_never_panic(
        rows in proptest::collection::vec(
            (select(CATEGORIES), select(CATEGORIES), select(COUNTS), select(VALUES_)),
            0..14,
        ),
        charts in proptest::collection::vec(random_data_chart(), 1..5),
        rules in rules(),
        order in proptest::option::of(proptest::collection::vec(select(CATEGORIES), 0..4)),
    ) {
        let mut csv_text = String::from("x,g,count,v\n");
        for (x, group, count, value) in &rows {
            ladder::format::csv_record(&mut csv_text, &[x, group, count, value]);
        }
        let mut report = format!(
            "title: T\norganisation: O\nyear: 2025\npublished: 2025-10-01\n\
             disclosure:\n  threshold: {}\n  round_to: {}\n  suppress_zeros: {}\n{STATS_YAML}",
            rules.threshold, rules.round_to, rules.suppress_zeros
        );
        if let Some(order) = &order {
            let list: Vec<String> =
                order.iter().map(|o| serde_json::to_string(o).unwrap_or_default()).collect();
                report.push_str(&format!(
                "order:\n  x: [{}]\nlabels:\n  g: {{A: Ay, B: Bee}}\n\
                 groups:\n  g: {{first: [A, B], second: [C, \"2024\"]}}\n",
                list.join(", ")
            ));
        }
        let mut body = String::from(STATS_BODY);
        for chart in &charts {
            body.push_str(&format!("```chart\n{chart}```\n\n"));
        }
        let dir = folder(&[
            ("report.yaml", report.as_bytes()),
            ("index.md", b"---\ntitle: Home\n---\n"),
            ("data/t.csv", csv_text.as_bytes()),
        ]);
        let mut d = Diagnostics::new();
        let Some(source) = ladder::source::load(dir.path(), &mut d) else {
            return Err(TestCaseError::fail(format!("the source did not load: {:?}", d.sorted())));
        };
        let resolver = ladder::markdown::links::Resolver::default();
        render_with_data(&source, &resolver, &body, "index.md", rules, "[c]", Some("2025-10-01"));
        // The data pages of the same table.
        let lookup = ladder::query::Lookup::new(&source.tables, &source.config);
        let published = ladder::datapages::publish(&lookup, &rules, "[c]");
        for table in &published {
            let _ = ladder::datapages::table_html(table, &rules, "[c]");
            let _ = ladder::datapages::csv(table);
        }
        let _ = ladder::datapages::index_html(&published, "[c]");
    }

    /// The HTML post-processing of the search index and print view, on any text.
    #[test]
    fn html_post_processing_never_panics(
        html in prop_oneof![
            g::text_with(HTML_SYNTAX, 40),
            g::md_body().prop_map(|md| render_plain(&md)),
        ],
        prefix in select(&["p1-", "", "é-"]),
    ) {
        let plain = ladder::search::plain_text(&html);
        prop_assert!(!plain.contains("  "));
        let _ = ladder::printview::scope_ids(&html, prefix);
        let _ = ladder::printview::demote_headings(&html);
    }
}

/// Pieces of the HTML Ladder writes and reads back.
const HTML_SYNTAX: &[&str] = &[
    "<span class=\"gloss-tip\">",
    "</span>",
    "<script>",
    "</script>",
    "<style",
    "</style>",
    "<h1",
    "</h5>",
    " id=\"",
    " href=\"#",
    " aria-describedby=\"",
    " aria-labelledby=\"",
    "\"",
    "<",
    ">",
    "&amp;",
    "&lt;",
];

/// Random disclosure rules.
fn rules() -> BoxedStrategy<ladder::disclosure::Rules> {
    (
        prop_oneof![Just(10u64), 1..30u64, Just(0u64), Just(u64::MAX)],
        prop_oneof![Just(0u64), 1..20u64, Just(u64::MAX)],
        any::<bool>(),
    )
        .prop_map(
            |(threshold, round_to, suppress_zeros)| ladder::disclosure::Rules {
                threshold,
                round_to,
                suppress_zeros,
            },
        )
        .boxed()
}

/// Categories of the random table: short, long, odd and empty.
const CATEGORIES: &[&str] = &[
    "A",
    "B",
    "C",
    "2024",
    "2025",
    "A very long category label that needs wrapping over several lines of the chart",
    "İ<b>&",
    "a, b",
    "\"q\"",
    "",
    " ",
    "👩\u{200d}💻",
];
/// Counts of the random table, valid and not: too large to be people (an error), as large
/// as a `u64` holds and past it (adding them up must neither overflow nor wrap).
const COUNTS: &[&str] = &[
    "0",
    "1",
    "3",
    "9",
    "10",
    "11",
    "99",
    "1000",
    "123456789",
    "9007199254740993",
    "999999999999999",
    "10000000000",
    "10000000001",
    "18446744073709551615",
    "99999999999999999999",
    "1e30",
    "1,234",
    "[c]",
    "[x]",
    "",
    "-3",
    "1.5",
];
/// Values of the random table.
const VALUES_: &[&str] = &[
    "0",
    "-1",
    "12.5",
    "0.001",
    "-99999999.5",
    "123456789012345678",
    // f64::MAX, written out.
    "1797693134862315700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
    "[c]",
    "",
];

/// Stats of every kind over the random table `t`, and a body that shows them.
const STATS_YAML: &str = "stats:
  s1: {data: t, sum: count}
  s2: {data: t, share: {x: A}}
  s3: {data: t, value: v, where: {x: A}}
  s4: {data: t, where: {g: A}, share: {x: B}, change: g}
  s5: {data: t, declared: g}
  s6: {data: t, sum: count, change: x}
  s7: {data: t, sum: v}
";
const STATS_BODY: &str = "{{ s1 }} {{ s2 }} {{ s3 }} {{ s4 }} {{ s5 }} {{ s6 }} {{ s7 }}

```figures
- {stat: s1, label: a}
- {stat: s4, label: b}
```

";

/// A chart of the random table `t` (columns `x`, `g`, `count`, `v`).
fn random_data_chart() -> BoxedStrategy<String> {
    (
        select(&["bar", "stacked-bar", "grouped-bar", "line", "diverging"]),
        select(&["x", "g"]),
        proptest::option::of(select(&["g", "x"])),
        proptest::option::of(select(&["count", "share", "value"])),
        proptest::option::of(select(&["v", "count"])),
        proptest::option::of((select(CATEGORIES), select(&["0", "39", "-5", "1e9", "100"]))),
        proptest::option::of(select(CATEGORIES)),
    )
        .prop_map(|(kind, x, group, show, value, benchmark, filter)| {
            let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
            let mut yaml = format!("type: {kind}\ntitle: T\ndata: t\nx: {x}\n");
            if let Some(group) = group {
                yaml.push_str(&format!("group: {group}\n"));
            }
            if let Some(show) = show {
                yaml.push_str(&format!("show: {show}\n"));
            }
            if let Some(value) = value {
                yaml.push_str(&format!("value: {value}\n"));
            }
            if let Some((key, number)) = benchmark {
                yaml.push_str(&format!("benchmark: {{{}: {number}}}\n", quote(key)));
            }
            if let Some(filter) = filter {
                yaml.push_str(&format!("where: {{x: [{}, A, B]}}\n", quote(filter)));
            }
            yaml
        })
        .boxed()
}

/// Renders `body` as the page `from` of `source`, with its real tables, stats and charts
/// under `rules`, and checks that every problem is on a line of the body.
fn render_with_data(
    source: &ladder::source::Source,
    resolver: &ladder::markdown::links::Resolver,
    body: &str,
    from: &str,
    rules: ladder::disclosure::Rules,
    symbol: &str,
    published: Option<&str>,
) {
    use ladder::{datapages, query, spec, stats};
    let config = &source.config;
    let mut d = Diagnostics::new();
    let specs = spec::stats(&config.stats, &source.report_text, &mut d);
    let published_tables =
        datapages::publish(&query::Lookup::new(&source.tables, config), &rules, symbol);
    let guard = datapages::Guard::new(&published_tables, &rules);
    let stats = stats::Stats::compute(
        &specs,
        &query::Lookup::new(&source.tables, config),
        &guard,
        &rules,
        symbol,
        0,
        &mut d,
    );
    let charts = ladder::chart::Charts::new(
        query::Lookup::new(&source.tables, config),
        &guard,
        rules,
        symbol,
        0,
    );
    let out = "page/index.html";
    let published = published.and_then(ladder::source::Date::parse);
    let blocks = ladder::blocks::PageBlocks::new(&charts, &stats, published, out, 1);
    let outline = ladder::markdown::outline(body);
    let linker = ladder::markdown::glossary::Linker::new(&source.glossary);
    let ctx = ladder::markdown::PageContext {
        source: Path::new(from),
        body_line: 4,
        out,
        outline: &outline,
        glossary: Some((&linker, "../glossary/index.html")),
        allow_html: false,
        blocks: Some(&blocks),
    };
    let mut diagnostics = Diagnostics::new();
    let _ = ladder::markdown::render(body, &ctx, resolver, &mut diagnostics);
    assert_lines_within(&diagnostics, 4, 4 + line_count(body), "render with charts");
    for (path, csv) in blocks.files.into_inner() {
        assert!(path.ends_with(".csv"), "{path}");
        assert!(std::str::from_utf8(&csv).is_ok(), "{path} is not UTF-8");
    }
}

/// Terms for the glossary properties: plain ones and ones whose lower case is longer or
/// shorter in bytes.
const TERMS: &[&str] = &[
    "term",
    "social mobility",
    "Socio-economic background",
    "ǅemal",
    "\u{212A}elvin",
    "ⱥ",
    "i̇stanbul",
    "Ⱥx",
    "",
    " ",
];
const ABBRS: &[&str] = &["SEB", "FSM", "İ", "\u{2126}", ""];

fn glossary_terms(terms: &[(&str, Option<&str>)]) -> Vec<ladder::source::Term> {
    terms
        .iter()
        .enumerate()
        .map(|(i, (term, abbr))| ladder::source::Term {
            term: term.to_string(),
            id: format!("t{i}"),
            abbr: abbr.map(str::to_string),
            aliases: vec![format!("{term}s")],
            definition: "A *definition*. Second sentence.".to_string(),
            see_also: Vec::new(),
            line: i + 1,
        })
        .collect()
}

/// Blocks for the renderer that parse the block specs for real but draw nothing.
struct FakeBlocks;

impl ladder::markdown::Blocks for FakeBlocks {
    fn handles(&self, info: &str) -> bool {
        ladder::blocks::NAMES.contains(&info)
    }

    fn block(
        &self,
        info: &str,
        text: &str,
        source: &Path,
        line: usize,
        heading: u8,
        diagnostics: &mut Diagnostics,
    ) -> String {
        assert!((2..=7).contains(&heading), "heading level {heading}");
        match info {
            "chart" => format!("{:?}", ladder::spec::chart(text, source, line, diagnostics)),
            "figures" => format!(
                "{:?}",
                ladder::spec::figures(text, source, line, diagnostics)
            ),
            _ => format!(
                "{:?}",
                ladder::spec::timeline(text, source, line, diagnostics)
            ),
        }
    }

    fn stat(&self, name: &str) -> Result<ladder::markdown::StatText, (String, String)> {
        match name {
            "responses" => Ok(ladder::markdown::StatText {
                text: "3,500".to_string(),
                withheld: ladder::disclosure::Tally::default(),
            }),
            "scs_unsure" => Ok(ladder::markdown::StatText {
                text: "[c]".to_string(),
                withheld: ladder::disclosure::Tally {
                    below_threshold: 1,
                    ..Default::default()
                },
            }),
            _ => Err((format!("no stat `{name}`"), "a hint".to_string())),
        }
    }

    fn note(&self, withheld: &ladder::disclosure::Tally) -> Option<String> {
        (!withheld.is_empty()).then(|| "Some values are withheld.".to_string())
    }
}

// ---------------------------------------------------------------------------------------
// Whole builds

/// The folder holding the fixture sources.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Every file of `folder`, relative to it, sorted.
fn files_of(folder: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).expect("read a fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(folder).expect("inside").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Copies a fixture into `to`.
fn copy_fixture(name: &str, to: &Path) {
    let from = fixtures().join(name);
    for rel in files_of(&from) {
        let target = to.join(&rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).expect("create a folder");
        }
        fs::copy(from.join(&rel), target).expect("copy a fixture file");
    }
}

/// Runs a check build (nothing written) of `source`.
fn check_build(source: &Path, out: &Path) -> ladder::build::BuildReport {
    ladder::build::build(&ladder::build::BuildOptions {
        source: source.to_path_buf(),
        out: out.to_path_buf(),
        drafts: false,
        write: false,
        single_file: None,
    })
}

/// Asserts that every diagnostic naming a file of the source places its line in it.
fn assert_build_lines(report: &ladder::build::BuildReport, source: &Path) {
    for d in report.diagnostics.sorted() {
        let Some(line) = d.line else { continue };
        assert!(line >= 1, "line 0: {d:?}");
        let Ok(bytes) = fs::read(source.join(&d.file)) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes)
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let lines = line_count(&text);
        assert!(line <= lines, "line {line} of a {lines}-line file: {d:?}");
    }
}

/// What replaces or is added to a file of a fixture.
#[derive(Debug, Clone)]
enum Change {
    /// Random byte edits of an existing file.
    Edit(Index, Vec<g::Edit>),
    /// The file replaced by generated content of its kind.
    Replace(Index, String),
    /// A new file.
    Add(&'static str, String),
    /// A theme of the report's own: a template of the default theme with random edits.
    Theme(Index, Vec<g::Edit>),
}

/// Generated content for a file, by its name.
fn content_for(name: &str) -> BoxedStrategy<String> {
    if name.ends_with("report.yaml") {
        g::near_yaml(g::report_yaml(), 1)
    } else if name.ends_with("glossary.yaml") {
        g::near_yaml(g::glossary_yaml(), 1)
    } else if name.ends_with("checklist.yaml") {
        g::near_yaml(g::checklist_yaml(), 1)
    } else if name.ends_with(".meta.yaml") {
        g::near_yaml(g::meta_yaml(), 1)
    } else if name.starts_with("submissions/") {
        g::near_yaml(g::submission_yaml(), 1)
    } else if name.starts_with("data/") && name.ends_with(".yaml") {
        g::near_yaml(g::records_yaml(), 1)
    } else if name.ends_with(".csv") {
        g::csv_text()
    } else if name.starts_with("answers/") {
        g::md_body()
    } else {
        g::page_text()
    }
}

/// Files a change may add.
const NEW_FILES: &[&str] = &[
    "new.md",
    "section/_index.md",
    "section/page.md",
    "case-studies/story.md",
    "glossary.yaml",
    "checklist.yaml",
    "submissions/entry.yaml",
    "data/extra.csv",
    "data/extra.yaml",
    "data/workforce.meta.yaml",
    "data/Workforce.csv",
    "static/x.png",
    "answers/dc1.md",
    // Names that may clash with pages and files Ladder writes itself, or are odd.
    "glossary.md",
    "search.md",
    "print.md",
    "404.md",
    "checklist.md",
    "data.md",
    "static.md",
    "assets/x.md",
    "index/index.md",
    "a/index.md",
    "case-studies/_index.md",
    "case-studies/sub/deep.md",
    "a b/c d.md",
    "ünï/çödé.md",
    "x.MD",
    "#x.md",
    "%20.md",
    "?.md",
    "-.md",
    "static/index.html",
    "static/assets/style.css",
    "static/glossary/index.html",
    "static/search/index.html",
    "data/sub/t.csv",
    "data/.hidden.csv",
    "data/t.meta.yml",
    "submissions/answers.md",
    "submissions/x.yml",
];

fn change() -> BoxedStrategy<Change> {
    prop_oneof![
        5 => (any::<Index>(), g::edits(4)).prop_map(|(i, e)| Change::Edit(i, e)),
        3 => (any::<Index>(), select(NEW_FILES))
            .prop_flat_map(|(i, name)| content_for(name).prop_map(move |c| Change::Replace(i, c))),
        2 => select(NEW_FILES)
            .prop_flat_map(|name| content_for(name).prop_map(move |c| Change::Add(name, c))),
        1 => (any::<Index>(), g::edits(3)).prop_map(|(i, e)| Change::Theme(i, e)),
    ]
    .boxed()
}

/// Applies `change` to the source at `root` (a copy of a fixture).
fn apply_change(root: &Path, change: &Change) {
    let files = files_of(root);
    match change {
        Change::Edit(i, edits) => {
            let path = root.join(&files[i.index(files.len())]);
            let bytes = fs::read(&path).expect("read a fixture file");
            fs::write(&path, g::apply(&bytes, edits)).expect("write a fixture file");
        }
        Change::Replace(i, content) => {
            // The content is for some kind of file; put it in a file of the source.
            let path = root.join(&files[i.index(files.len())]);
            fs::write(&path, content).expect("write a fixture file");
        }
        Change::Add(name, content) => {
            let path = root.join(name);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).expect("create a folder");
            }
            fs::write(&path, content).expect("write a new file");
        }
        Change::Theme(i, edits) => {
            let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
            let names = files_of(&templates);
            let name = &names[i.index(names.len())];
            let bytes = fs::read(templates.join(name)).expect("read a theme template");
            let target = root.join("mytheme/templates").join(name);
            fs::create_dir_all(target.parent().expect("a folder")).expect("create a folder");
            fs::write(target, g::apply(&bytes, edits)).expect("write a theme template");
            let mut report = fs::read(root.join("report.yaml")).unwrap_or_default();
            report.extend(b"\ntheme: mytheme\n");
            fs::write(root.join("report.yaml"), report).expect("write report.yaml");
        }
    }
}

const FIXTURES: &[&str] = &["minimal", "charts", "packs", "full"];

proptest! {
    #![proptest_config(config(160))]

    /// The most valuable property: a valid source with one or two files damaged (random
    /// byte edits, truncation, insertion, a file replaced by near-valid content of some
    /// kind, a new file, or a damaged template of the report's own theme) builds without a
    /// panic, and every problem is placed on a line of the file it names.
    #[test]
    fn damaged_fixture_builds_never_panic(
        fixture in select(FIXTURES),
        changes in proptest::collection::vec(change(), 1..3),
    ) {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let source = dir.path().join("src");
        copy_fixture(fixture, &source);
        for change in &changes {
            apply_change(&source, change);
        }
        let report = check_build(&source, &dir.path().join("public"));
        assert_build_lines(&report, &source);
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// A source made up from scratch: generated report.yaml, pages, glossary, data,
    /// checklist and submissions.
    #[test]
    fn generated_source_builds_never_panic(
        report in g::near_yaml(g::report_yaml(), 1),
        home in g::page_text(),
        pages in proptest::collection::vec(
            (select(&["a.md", "b/c.md", "b/_index.md", "case-studies/x.md"]), g::page_text()),
            0..3,
        ),
        glossary in proptest::option::of(g::near_yaml(g::glossary_yaml(), 1)),
        csv_text in proptest::option::of(g::csv_text()),
        records in proptest::option::of(g::near_yaml(g::records_yaml(), 1)),
        checklist in proptest::option::of(g::near_yaml(g::checklist_yaml(), 1)),
        submission in proptest::option::of(g::near_yaml(g::submission_yaml(), 1)),
    ) {
        let mut files: Vec<(String, String)> = vec![
            ("report.yaml".to_string(), report),
            ("index.md".to_string(), home),
        ];
        files.extend(pages.into_iter().map(|(p, t)| (p.to_string(), t)));
        let optional = [
            ("glossary.yaml", glossary),
            ("data/workforce.csv", csv_text),
            ("data/networks.yaml", records),
            ("checklist.yaml", checklist),
            ("submissions/entry.yaml", submission),
        ];
        files.extend(optional.into_iter().filter_map(|(p, t)| Some((p.to_string(), t?))));
        let as_bytes: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_bytes())).collect();
        let dir = folder(&as_bytes);
        let report = check_build(dir.path(), &dir.path().join("public"));
        assert_build_lines(&report, dir.path());
    }
}

/// The fixtures themselves build cleanly, so the properties above start from valid input.
#[test]
fn fixtures_build_without_errors() {
    for fixture in FIXTURES {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let source = dir.path().join("src");
        copy_fixture(fixture, &source);
        let report = check_build(&source, &dir.path().join("public"));
        assert!(
            !report.diagnostics.has_errors(),
            "{fixture}: {:?}",
            report.diagnostics.sorted()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Panics and bugs found by the properties above, smallest input first, now fixed: each
// test checks the right behaviour. (A new one is recorded here as an ignored
// `known_panic_*` test until it is fixed; run those with `cargo test --test fuzz --
// --ignored`.)

/// Builds `source` for real into a new temporary folder (its `public` sub-folder).
fn write_build(source: &Path) -> (ladder::build::BuildReport, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("create a temporary folder");
    let report = ladder::build::build(&ladder::build::BuildOptions {
        source: source.to_path_buf(),
        out: out.path().join("public"),
        drafts: false,
        write: true,
        single_file: None,
    });
    (report, out)
}

/// The errors of a build, as (file, line, message).
fn errors_of(report: &ladder::build::BuildReport) -> Vec<(String, Option<usize>, String)> {
    report
        .diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.severity == ladder::diagnostic::Severity::Error)
        .map(|d| {
            (
                d.file.to_string_lossy().replace('\\', "/"),
                d.line,
                d.message.clone(),
            )
        })
        .collect()
}

/// Was: a panic. Glossary linking sliced the prose at byte offsets found in its lower-case
/// copy; when lower-casing changes the length of some characters but not of the whole text
/// (the Ohm sign `Ω` gets shorter, `Ⱥ` longer), an offset landed inside a character
/// (`end byte index 2 is not a char boundary; it is inside 'Ω' (bytes 0..3) of `ΩȺ``).
/// Now the places found in the lower case are mapped back to the text.
#[test]
fn glossary_linking_with_case_changing_characters() {
    let terms = glossary_terms(&[("ⱥ", None)]);
    let linker = ladder::markdown::glossary::Linker::new(&terms);
    // `Ⱥ` right after a letter (the Ohm sign) is not a whole word.
    assert_eq!(linker.find("\u{2126}Ⱥ", &BTreeSet::new()), None);
    // On its own it is, found where it is written.
    let text = "\u{2126}İ Ⱥ, ⱥs";
    let (start, end, term) = linker.find(text, &BTreeSet::new()).unwrap();
    assert_eq!((&text[start..end], term), ("Ⱥ", 0));
    assert_eq!(start, "\u{2126}İ ".len());
    // The alias `ⱥs`, in any case, after a character whose lower case is longer.
    let text = "İȺS";
    assert_eq!(
        linker.find(text, &BTreeSet::new()),
        None,
        "not a whole word"
    );
    let text = "İ ȺS";
    let (start, end, _) = linker.find(text, &BTreeSet::new()).unwrap();
    assert_eq!(&text[start..end], "ȺS");
}

/// Was: the same panic in a whole build (a glossary with the term `ⱥ` and a page whose text
/// is `ΩȺ`). Now the page builds, and the term is linked where it is a word of its own.
#[test]
fn glossary_linking_in_a_build() {
    let dir = folder(&[
        ("report.yaml", b"title: T\norganisation: O\nyear: 2025\n"),
        (
            "index.md",
            "---\ntitle: Home\n---\n\u{2126}Ⱥ, then \u{2126} Ⱥ.\n".as_bytes(),
        ),
        (
            "glossary.yaml",
            "- term: ⱥ\n  definition: A letter.\n".as_bytes(),
        ),
    ]);
    let (report, out) = write_build(dir.path());
    assert_eq!(errors_of(&report), [], "{:?}", report.diagnostics.sorted());
    let html =
        fs::read_to_string(out.path().join("public").join("index.html")).expect("the home page");
    assert!(
        html.contains("\u{2126}Ⱥ, then \u{2126} <span class=\"gloss\">"),
        "{html}"
    );
    assert!(html.contains("aria-describedby=\"gloss-"), "{html}");
    assert!(html.contains(">Ⱥ</a>"), "{html}");
    assert_eq!(html.matches("class=\"gloss\"").count(), 1, "{html}");
}

/// Was: `\{{` outside prose text, in raw HTML shown as text (the report does not allow
/// HTML) or in the info string of a code block, came out as the private-use character
/// U+E000 that the renderer stood in for it with while parsing. Now nothing stands in for
/// it: the braces are told apart in the prose by where markdown read them.
#[test]
fn escaped_braces_outside_prose() {
    let html = render_plain("<div>\n\\{{ responses }}\n</div>\n");
    assert!(!html.contains('\u{E000}'), "{html:?}");
    // Raw HTML is shown as written, backslash and all.
    assert!(html.contains("\\{{ responses }}"), "{html:?}");
    let html = render_plain("``` \\{{\ncode\n```\n");
    assert!(!html.contains('\u{E000}'), "{html:?}");
    // Markdown reads backslash escapes in an info string.
    assert!(html.contains("class=\"language-{{\""), "{html:?}");
    // In prose, `\{{` is a literal `{{`; elsewhere on the line a figure is still filled.
    let html = render_plain("\\{{ responses }} and {{ responses }}\n");
    assert!(html.contains("<p>{{ responses }} and "), "{html:?}");
    assert!(!html.contains("and {{"), "{html:?}");
}

/// Was: the private-use character U+E000 written in a page became `{{`. Now it is text like
/// any other.
#[test]
fn private_use_character_stays_as_written() {
    let html = render_plain("a \u{E000} b\n");
    assert!(html.contains("<p>a \u{E000} b</p>"), "{html:?}");
    let html = render_plain("a \u{E000} responses }} \\{{ b\n");
    assert!(
        html.contains("<p>a \u{E000} responses }} {{ b</p>"),
        "{html:?}"
    );
}

/// Renders a body with no glossary, no blocks and no links to resolve.
fn render_plain(body: &str) -> String {
    let outline = ladder::markdown::outline(body);
    let ctx = ladder::markdown::PageContext {
        source: Path::new("p.md"),
        body_line: 1,
        out: "p/index.html",
        outline: &outline,
        glossary: None,
        allow_html: false,
        blocks: Some(&FakeBlocks),
    };
    let resolver = ladder::markdown::links::Resolver::default();
    ladder::markdown::render(body, &ctx, &resolver, &mut Diagnostics::new())
}

/// Was: a panic in debug builds (release builds wrapped around silently and published a
/// wrong count): two rows of a table with the same categories were added up as `u64`
/// without a check, so a count of 99999999999999999999 plus 1 overflowed in
/// `publish_table`, src/datapages.rs. Now a count that large is an error of the data file
/// (no count of people is more than 10,000,000,000), and the sum is checked: a count too
/// large to hold is not available (`[x]`), never a wrong number.
#[test]
fn huge_counts_added_up_for_the_data_page() {
    let dir = folder(&[
        ("report.yaml", b"title: T\norganisation: O\nyear: 2025\n"),
        ("index.md", b"---\ntitle: Home\n---\n"),
        ("data/t.csv", b"x,count\nA,1\nA,99999999999999999999\n"),
    ]);
    let report = check_build(dir.path(), &dir.path().join("public"));
    let errors = errors_of(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0.as_str(), errors[0].1), ("data/t.csv", Some(3)));
    assert!(
        errors[0]
            .2
            .contains("a count of people cannot be more than 10,000,000,000"),
        "{errors:?}"
    );

    // The largest counts allowed add up exactly.
    let dir = folder(&[
        ("report.yaml", b"title: T\norganisation: O\nyear: 2025\n"),
        ("index.md", b"---\ntitle: Home\n---\n"),
        (
            "data/t.csv",
            b"x,count\nA,10000000000\nA,10000000000\nB,10000000000\n",
        ),
    ]);
    let (report, out) = write_build(dir.path());
    assert_eq!(errors_of(&report), []);
    let csv =
        fs::read_to_string(out.path().join("public").join("data/t.csv")).expect("the table's CSV");
    assert_eq!(
        csv.replace("\r\n", "\n"),
        "x,count\nA,20000000000\nB,10000000000\n"
    );
}

/// Was: a panic in debug builds (release builds wrapped around): a chart over rows whose
/// withheld counts add up past `u64::MAX` overflowed in `Guard::allows`,
/// src/datapages.rs. Now the count is an error of the data file, and the guard's sum
/// saturates (it is only compared with the threshold).
#[test]
fn huge_counts_in_a_chart() {
    let page: &[u8] =
        b"---\ntitle: Home\n---\n\n```chart\ntype: bar\ntitle: T\ndata: t\nx: x\n```\n";
    let dir = folder(&[
        ("report.yaml", b"title: T\norganisation: O\nyear: 2025\n"),
        ("index.md", page),
        (
            "data/t.csv",
            b"x,g,count\nA,B,1\nA,C,99999999999999999999\n",
        ),
    ]);
    let report = check_build(dir.path(), &dir.path().join("public"));
    let errors = errors_of(&report);
    assert!(
        errors
            .iter()
            .any(|(file, line, message)| file == "data/t.csv"
                && *line == Some(3)
                && message.contains("cannot be more than 10,000,000,000")),
        "{errors:?}"
    );

    // Within the limit, the chart is drawn with the sums exact, and the small count stays
    // withheld on the data page. (A's total may be shown: it hides two counts together.)
    let dir = folder(&[
        ("report.yaml", b"title: T\norganisation: O\nyear: 2025\n"),
        ("index.md", page),
        (
            "data/t.csv",
            b"x,g,count\nA,B,1\nA,C,9999999999\nD,B,10000000000\nD,C,10000000000\n",
        ),
    ]);
    let (report, out) = write_build(dir.path());
    assert_eq!(errors_of(&report), [], "{:?}", report.diagnostics.sorted());
    assert_eq!(report.charts, 1);
    let html =
        fs::read_to_string(out.path().join("public").join("index.html")).expect("the home page");
    assert!(html.contains("<svg"), "{html}");
    assert!(
        html.contains("highest at D (20,000,000,000) and lowest at A (10,000,000,000)"),
        "{html}"
    );
    let table =
        fs::read_to_string(out.path().join("public/data/t/index.html")).expect("the table's page");
    assert!(!table.contains(">1<") && table.contains("[c]"), "{table}");
}
