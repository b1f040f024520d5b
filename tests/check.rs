//! `ladder check`'s advice (issue 6): warnings for unused glossary terms and stats,
//! images without alt text, headings that skip a level, link text such as "click here",
//! and pages left out of the navigation (`src/lint.rs` says exactly what each rule does).
//!
//! The fixture `tests/fixtures/lint/` has exactly one instance of each problem, next to a
//! clean counter-example of each. Expected places are worked out from the fixture's text,
//! never hard-coded, and every warning of a run is compared, so a warning about a
//! counter-example fails the test too.

mod common;

use common::{Project, Run, column_of, line_of};

/// Runs `ladder check src` on a copy of the lint fixture (changed by `change` first).
fn check_with(change: impl FnOnce(&Project)) -> (Project, Run) {
    let project = Project::fixture("lint");
    change(&project);
    let run = project.run(&["check", "src"]);
    (project, run)
}

fn check() -> (Project, Run) {
    check_with(|_| {})
}

/// One warning of a run: its place (`file:line[:column]`), message and hint.
#[derive(Debug, Clone)]
struct Warning {
    place: String,
    message: String,
    hint: String,
}

/// Every warning printed on stderr, in the order printed.
fn warnings(run: &Run) -> Vec<Warning> {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("warning: ") else {
            continue;
        };
        let place = lines
            .get(i + 1)
            .and_then(|l| l.trim().strip_prefix("--> "))
            .unwrap_or_else(|| panic!("a warning without a place: {line}\n{}", run.stderr))
            .to_string();
        let hint = lines[i + 1..]
            .iter()
            .take_while(|l| !l.starts_with("warning: ") && !l.starts_with("error: "))
            .find_map(|l| l.trim().strip_prefix("= how to fix: "))
            .unwrap_or_else(|| panic!("a warning without a fix: {line}\n{}", run.stderr))
            .to_string();
        found.push(Warning {
            place,
            message: message.to_string(),
            hint,
        });
    }
    found
}

/// The places of the warnings, in the order printed (sorted by file and line).
fn places(run: &Run) -> Vec<String> {
    warnings(run).into_iter().map(|w| w.place).collect()
}

/// The one warning at `place`, which must exist.
fn warning_at(run: &Run, place: &str) -> Warning {
    let all = warnings(run);
    let at: Vec<&Warning> = all.iter().filter(|w| w.place == place).collect();
    assert_eq!(
        at.len(),
        1,
        "expected one warning at {place}\n--- stderr\n{}",
        run.stderr
    );
    at[0].clone()
}

fn assert_words(text: &str, words: &[&str]) {
    for word in words {
        assert!(
            text.to_lowercase().contains(&word.to_lowercase()),
            "{word:?} should be in {text:?}"
        );
    }
}

/// `file:line` of the first `needle` in a source file of the project.
fn line_place(project: &Project, file: &str, needle: &str) -> String {
    format!("{file}:{}", line_of(&project.source(file), needle))
}

/// `file:line:column` of the first `needle` in a source file of the project.
fn col_place(project: &Project, file: &str, needle: &str) -> String {
    let text = project.source(file);
    format!(
        "{file}:{}:{}",
        line_of(&text, needle),
        column_of(&text, needle)
    )
}

/// The places of the six planted problems, sorted as `check` prints them.
fn planted(project: &Project) -> Vec<String> {
    vec![
        col_place(project, "about.md", "#### Too deep"),
        line_place(project, "glossary.yaml", "- term: Pay gap"),
        col_place(project, "index.md", "![](static/chart.svg)"),
        col_place(project, "index.md", "[click here]"),
        col_place(project, "report.yaml", "leavers:"),
        line_place(project, "reports/archive/old.md", "title: Archive 2019"),
    ]
}

#[test]
fn check_warns_once_about_each_planted_problem_and_nothing_else() {
    let (project, run) = check();
    run.assert_ok();
    assert!(
        run.stdout.contains("0 errors, 6 warnings"),
        "--- stdout\n{}\n--- stderr\n{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(places(&run), planted(&project), "\n{}", run.stderr);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
}

#[test]
fn the_places_are_the_lines_of_the_fixture() {
    // The same places as `planted`, written out, so a mistake in the helpers that work
    // them out cannot hide a wrong line.
    let (_, run) = check();
    assert_eq!(
        places(&run),
        [
            "about.md:20:1",
            "glossary.yaml:12",
            "index.md:20:1",
            "index.md:25:1",
            "report.yaml:12:3",
            "reports/archive/old.md:3",
        ],
        "\n{}",
        run.stderr
    );
}

#[test]
fn an_unused_glossary_term_is_warned_at_its_entry() {
    let (project, run) = check();
    let warning = warning_at(
        &run,
        &line_place(&project, "glossary.yaml", "- term: Pay gap"),
    );
    assert_words(
        &warning.message,
        &["glossary term", "`Pay gap`", "not used"],
    );
    // The hint names every spelling that was looked for.
    assert_words(&warning.hint, &["\"Pay gap\"", "\"pay gaps\"", "aliases"]);
    // Counter-examples: a term used in the prose, and one used only by its abbreviation.
    assert!(
        !run.stderr.contains("`Socio-economic background`"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("`Free school meals`"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unused_stat_is_warned_at_its_line_and_column() {
    let (project, run) = check();
    let warning = warning_at(&run, &col_place(&project, "report.yaml", "leavers:"));
    assert_words(&warning.message, &["stat", "`leavers`", "not used"]);
    assert_words(
        &warning.hint,
        &["{{ leavers }}", "- stat: leavers", "figures"],
    );
    // Counter-examples: a stat in the prose, and one in a figures block.
    assert!(!run.stderr.contains("`staff`"), "{}", run.stderr);
    assert!(!run.stderr.contains("`lower_staff`"), "{}", run.stderr);
}

#[test]
fn an_image_without_alt_text_is_warned_at_the_image() {
    let (project, run) = check();
    let warning = warning_at(
        &run,
        &col_place(&project, "index.md", "![](static/chart.svg)"),
    );
    assert_words(&warning.message, &["image", "no alt text"]);
    assert_words(&warning.hint, &["describe what the image shows"]);
    // The described image is not warned about, nor the one in a code block.
    let index = project.source("index.md");
    for clean in ["![A bar chart", "pay gap {{ leavers }}"] {
        let line = line_of(&index, clean);
        assert!(
            !places(&run)
                .iter()
                .any(|p| p.starts_with(&format!("index.md:{line}:"))),
            "{clean:?} was warned about\n{}",
            run.stderr
        );
    }
}

#[test]
fn a_heading_that_skips_a_level_is_warned_at_the_heading() {
    let (project, run) = check();
    let about = project.source("about.md");
    let warning = warning_at(&run, &col_place(&project, "about.md", "#### Too deep"));
    assert_words(
        &warning.message,
        &[
            "skips a level",
            "`####`",
            &format!("`##` heading on line {}", line_of(&about, "## Sources")),
        ],
    );
    assert_words(&warning.hint, &["make it `###`"]);
    // `## Method`, `### Who answered`, `#### Detail` go down one level at a time.
    let detail = line_place(&project, "about.md", "#### Detail");
    assert!(
        !places(&run)
            .iter()
            .any(|p| p.starts_with(&format!("{detail}:"))),
        "{}",
        run.stderr
    );
}

#[test]
fn link_text_that_says_nothing_is_warned_at_the_link() {
    let (project, run) = check();
    let warning = warning_at(&run, &col_place(&project, "index.md", "[click here]"));
    assert_words(&warning.message, &["\"click here\"", "does not say where"]);
    // The hint suggests the title of the page the link goes to.
    assert_words(
        &warning.hint,
        &[
            "describe where the link goes",
            "`[About the figures](about.md#detail)`",
        ],
    );
    // The descriptive link, and `[here]` inside a code block, are fine.
    for clean in ["[how we collected", "[here](about.md)"] {
        let place = col_place(&project, "index.md", clean);
        assert!(!places(&run).contains(&place), "{clean:?} was warned about");
    }
}

#[test]
fn a_page_left_out_of_the_navigation_is_warned_at_its_title() {
    let (project, run) = check();
    let warning = warning_at(
        &run,
        &line_place(&project, "reports/archive/old.md", "title: Archive 2019"),
    );
    assert_words(
        &warning.message,
        &["not in the main navigation", "no other page links to it"],
    );
    assert_words(
        &warning.hint,
        &["\"Archive\"", "`[Archive 2019](reports/archive/old.md)`"],
    );
    // Counter-examples: a page two folders deep that about.md links to, a page of a
    // top-level section, and the section page Ladder makes for reports/archive/.
    for clean in [
        "reports/archive/linked.md",
        "reports/annual.md",
        "reports/_index.md",
        "reports/archive/_index.md",
    ] {
        assert!(
            !places(&run)
                .iter()
                .any(|p| p.starts_with(&format!("{clean}:"))),
            "{clean} was warned about\n{}",
            run.stderr
        );
    }
}

#[test]
fn fixing_each_problem_as_its_hint_says_silences_it() {
    let (_, run) = check_with(|p| {
        p.replace("about.md", "#### Too deep", "### Too deep");
        p.replace(
            "index.md",
            "![](static/chart.svg)",
            "![The logo of the department](static/chart.svg)",
        );
        p.replace("index.md", "[click here]", "[the detail of the method]");
        p.append(
            "index.md",
            "Our pay gap is {{ leavers }}. See also [Archive 2019](reports/archive/old.md).",
        );
    });
    run.assert_ok().assert_quiet();
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn warnings_are_the_same_on_every_run() {
    let (project, first) = check();
    let second = project.run(&["check", "src"]);
    assert_eq!(first.stderr, second.stderr);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn build_prints_none_of_these_warnings() {
    let project = Project::fixture("lint");
    let run = project.build_ok(&[]);
    run.assert_quiet();
    assert!(!run.stdout.contains("warning"), "{}", run.stdout);
    assert!(project.has("reports/archive/old/index.html"));
}

#[test]
fn drafts_are_not_checked_but_the_hint_says_when_only_a_draft_uses_something() {
    let draft = "---\ntitle: Draft\ndraft: true\n---\nOur pay gap is {{ leavers }}.\n\n#### Too deep\n\n[here](about.md) ![](static/chart.svg)\n";
    let (project, run) = check_with(|p| p.write("draft.md", draft));
    run.assert_ok();
    // The draft's own problems are not reported: it is not published.
    assert!(
        !places(&run).iter().any(|p| p.starts_with("draft.md")),
        "{}",
        run.stderr
    );
    let stat = warning_at(&run, &col_place(&project, "report.yaml", "leavers:"));
    assert_words(&stat.hint, &["only used in draft pages (draft.md)"]);
    let term = warning_at(
        &run,
        &line_place(&project, "glossary.yaml", "- term: Pay gap"),
    );
    assert_words(&term.hint, &["only used in draft pages (draft.md)"]);

    // With `--drafts` the draft is published: it uses the stat and the term, and its own
    // problems are reported.
    let project = Project::fixture("lint");
    project.write("draft.md", draft);
    let run = project.run(&["check", "src", "--drafts"]);
    run.assert_ok();
    let all = places(&run);
    assert!(
        !all.iter().any(|p| p.starts_with("report.yaml")),
        "{}",
        run.stderr
    );
    assert!(
        !all.iter().any(|p| p.starts_with("glossary.yaml")),
        "{}",
        run.stderr
    );
    assert!(all.contains(&"draft.md:7:1".to_string()), "{}", run.stderr);
    assert!(all.contains(&"draft.md:9:1".to_string()), "{}", run.stderr);
    assert!(all.contains(&"draft.md:9:18".to_string()), "{}", run.stderr);
}

#[test]
fn html_images_need_an_alt_attribute_when_the_report_allows_html() {
    let (project, run) = check_with(|p| {
        p.append("report.yaml", "allow_html: true");
        p.append(
            "about.md",
            "A logo: <img src=\"../chart.svg\">\n\n<p><img src=\"../chart.svg\" alt=\"\"></p>",
        );
    });
    run.assert_ok();
    let warning = warning_at(
        &run,
        &col_place(&project, "about.md", "<img src=\"../chart.svg\">"),
    );
    assert_words(&warning.message, &["no alt text", "`alt`"]);
    // `alt=""` marks a decoration on purpose.
    let decoration = line_place(&project, "about.md", "alt=\"\"");
    assert!(
        !places(&run)
            .iter()
            .any(|p| p.starts_with(&format!("{decoration}:"))),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("0 errors, 7 warnings"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_first_heading_of_a_page_must_be_one_below_the_title() {
    let (project, run) = check_with(|p| {
        p.write(
            "reports/annual.md",
            "---\ntitle: Annual report\n---\n### Straight to level three\n\nText.\n",
        );
    });
    let warning = warning_at(
        &run,
        &col_place(&project, "reports/annual.md", "### Straight"),
    );
    assert_words(&warning.message, &["first heading", "should be `##`"]);
    // A page that uses `#` headings has them moved down a level: `#` then `##` is fine.
    let (_, run) = check_with(|p| {
        p.write(
            "reports/annual.md",
            "---\ntitle: Annual report\n---\n# Top\n\n## Next\n\nText.\n",
        );
    });
    assert!(
        !places(&run)
            .iter()
            .any(|p| p.starts_with("reports/annual.md")),
        "{}",
        run.stderr
    );
}
