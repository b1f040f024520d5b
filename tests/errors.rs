//! Every way an author can break a report source: each must stop the build with exit
//! status 1 and a message that names the file and the line (FORMAT.md: "Every error they
//! can cause must name the file, the line (and column where there is one), say what is
//! wrong in plain English, and suggest the fix"). And a failed build writes nothing.
//!
//! Each fault is made on the fly in a copy of a fixture (`full` or `minimal`); the expected
//! line is computed from the text that was written, never hard-coded.

mod common;

use common::{Project, column_of, line_of};

/// Builds and expects exit status 1 with nothing written.
fn fails(project: &Project) -> common::Run {
    let run = project.build(&[]);
    run.assert_source_error();
    assert!(
        !project.out().exists(),
        "a failed first build must not create the output folder"
    );
    run
}

// report.yaml

#[test]
fn unknown_report_setting_names_the_key_and_suggests_the_nearest() {
    let project = Project::full();
    let line = project.append("report.yaml", "titel: A typo");
    fails(&project)
        .assert_place("report.yaml", line)
        .assert_stderr("titel")
        .assert_stderr("did you mean `title`");
}

#[test]
fn unknown_nested_setting_is_an_error_too() {
    let project = Project::full();
    let line = project.replace("report.yaml", "  threshold: 10", "  treshold: 10");
    fails(&project)
        .assert_place("report.yaml", line)
        .assert_stderr("treshold")
        .assert_stderr("threshold");
}

#[test]
fn missing_required_setting_is_named() {
    for key in ["title", "organisation", "year"] {
        let project = Project::minimal();
        let text = project.source("report.yaml");
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with(&format!("{key}:")))
            .map(|l| format!("{l}\n"))
            .collect();
        project.write("report.yaml", kept);
        fails(&project)
            .assert_stderr("report.yaml")
            .assert_stderr(&format!("`{key}`"))
            .assert_stderr("missing");
    }
}

#[test]
fn missing_report_yaml_is_an_error() {
    let project = Project::minimal();
    project.remove("report.yaml");
    fails(&project).assert_stderr("report.yaml");
}

#[test]
fn bad_yaml_syntax_names_the_line() {
    let project = Project::full();
    let line = project.replace(
        "report.yaml",
        "organisation: Department for Example",
        "organisation: Department: for Example",
    );
    fails(&project)
        .assert_place("report.yaml", line)
        .assert_stderr("YAML");
}

#[test]
fn wrong_type_in_report_yaml_names_the_line() {
    let project = Project::minimal();
    let line = project.replace("report.yaml", "year: 2025", "year: twenty");
    fails(&project).assert_place("report.yaml", line);
}

#[test]
fn tab_indentation_names_the_line_and_says_tab() {
    let project = Project::full();
    let line = project.replace("report.yaml", "  threshold: 10", "\tthreshold: 10");
    fails(&project)
        .assert_place_col("report.yaml", line, 1)
        .assert_stderr("tab");
}

#[test]
fn tab_in_front_matter_names_the_line_of_the_page() {
    let project = Project::full();
    let line = project.replace("about.md", "summary: How", "summary:\n\tHow");
    fails(&project)
        .assert_place("about.md", line + 1)
        .assert_stderr("tab");
}

// Pages

#[test]
fn unclosed_front_matter_is_an_error_at_its_start() {
    let project = Project::full();
    project.write(
        "about.md",
        "---\ntitle: About this report\nsummary: How the figures are made.\n\nBody text.\n",
    );
    fails(&project)
        .assert_place("about.md", 1)
        .assert_stderr("never closed");
}

#[test]
fn page_without_title_is_an_error() {
    let project = Project::full();
    project.write(
        "about.md",
        "---\nsummary: How the figures are made.\n---\n\nBody.\n",
    );
    let run = fails(&project);
    run.assert_stderr("about.md:").assert_stderr("title");
}

#[test]
fn page_with_an_empty_title_names_the_title_line() {
    let project = Project::full();
    let line = project.replace("about.md", "title: About this report", "title: \"\"");
    fails(&project)
        .assert_place("about.md", line)
        .assert_stderr("title");
}

#[test]
fn page_without_front_matter_is_an_error() {
    let project = Project::full();
    project.write("about.md", "# About\n\nNo front matter here.\n");
    fails(&project)
        .assert_place("about.md", 1)
        .assert_stderr("front matter");
}

#[test]
fn bad_yaml_in_front_matter_names_the_line_of_the_page() {
    let project = Project::full();
    let line = project.replace("about.md", "summary: How", "summary: [How");
    fails(&project).assert_place("about.md", line);
}

#[test]
fn non_utf8_page_names_the_first_bad_character() {
    let project = Project::full();
    let mut bytes = project.source("about.md").into_bytes();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let line = line_of(&text, "Write to");
    let column = column_of(&text, "Write to") + "Write to".len() + 1;
    let at = text.find("Write to").unwrap() + "Write to ".len();
    // "Write to \xe9..." : Latin-1 é, as a Windows editor might save it.
    bytes[at] = 0xe9;
    project.write("about.md", bytes);
    fails(&project)
        .assert_place_col("about.md", line, column)
        .assert_stderr("UTF-8");
}

#[test]
fn missing_home_page_is_an_error() {
    let project = Project::full();
    project.remove("index.md");
    fails(&project).assert_stderr("index.md");
}

#[test]
fn case_study_naming_a_person_without_consent_is_an_error() {
    let page = "---\ntitle: Pilot\norganisation: Department for Example\npeople:\n  - {name: Ann Lee, role: Chair}\ntags: [pilot]\n---\n\nBody.\n";
    let project = Project::full();
    project.write("case-studies/pilot.md", page);
    fails(&project)
        .assert_place("case-studies/pilot.md", line_of(page, "people:"))
        .assert_stderr("Ann Lee")
        .assert_stderr("consent");

    // consent: false is no better.
    let page = page.replace("tags:", "consent: false\ntags:");
    let project = Project::full();
    project.write("case-studies/pilot.md", &page);
    fails(&project)
        .assert_place("case-studies/pilot.md", line_of(&page, "consent: false"))
        .assert_stderr("consent");
}

#[test]
fn case_study_with_roles_only_needs_no_consent() {
    let project = Project::full();
    project.write(
        "case-studies/pilot.md",
        "---\ntitle: Pilot\npeople:\n  - {role: Network chair}\n---\n\nBody.\n",
    );
    project.build_ok(&[]).assert_quiet();
    assert!(
        project
            .main("case-studies/pilot/index.html")
            .contains("Network chair")
    );
}

// glossary.yaml

#[test]
fn see_also_naming_an_unknown_term_is_an_error() {
    let project = Project::full();
    let text = project.source("glossary.yaml");
    let wrong = "see_also: [Social mobilty]";
    let text = text.replacen("see_also: [Social mobility]", wrong, 1);
    project.write("glossary.yaml", &text);
    fails(&project)
        .assert_place_col(
            "glossary.yaml",
            line_of(&text, wrong),
            column_of(&text, "Social mobilty"),
        )
        .assert_stderr("Social mobilty")
        .assert_stderr("did you mean `Social mobility`");
}

#[test]
fn duplicate_glossary_term_is_an_error() {
    let project = Project::full();
    let line = project.append(
        "glossary.yaml",
        "- term: social mobility\n  definition: Said twice, in another case.",
    );
    let first = line_of(&project.source("glossary.yaml"), "- term: Social mobility");
    fails(&project)
        .assert_place("glossary.yaml", line)
        .assert_stderr("twice")
        .assert_stderr(&format!("line {first}"));
}

#[test]
fn unknown_glossary_key_suggests_the_nearest() {
    let project = Project::full();
    let line = project.replace(
        "glossary.yaml",
        "  definition: Meals given",
        "  definiton: Meals given",
    );
    fails(&project)
        .assert_place("glossary.yaml", line)
        .assert_stderr("did you mean `definition`");
}

// Links (FORMAT.md section 3: a link to a missing page or anchor is an error)

#[test]
fn link_to_a_missing_page_names_the_file_and_line() {
    let project = Project::full();
    let line = project.append("about.md", "Read [the old report](old-report.md).");
    fails(&project)
        .assert_place_col("about.md", line, 6)
        .assert_stderr("old-report.md");
}

#[test]
fn link_to_a_missing_anchor_names_the_file_and_line() {
    let project = Project::full();
    let line = project.append("about.md", "See [pay](who-gets-on.md#wages) and more.");
    fails(&project)
        .assert_place_col("about.md", line, 5)
        .assert_stderr("#wages")
        // The real anchors of that page are suggested.
        .assert_stderr("#pay");
}

#[test]
fn link_to_a_missing_anchor_on_the_same_page_is_an_error() {
    let project = Project::full();
    let line = project.append("about.md", "Back to [the top](#top).");
    fails(&project)
        .assert_place("about.md", line)
        .assert_stderr("#top");
}

#[test]
fn link_to_a_draft_is_an_error_unless_drafts_are_built() {
    let project = Project::full();
    let line = project.append("about.md", "What is [coming soon](draft.md).");
    fails(&project)
        .assert_place_col("about.md", line, 9)
        .assert_stderr("draft");
    // With --drafts the page exists, so the link is fine.
    project.build_ok(&["--drafts"]);
    assert!(
        project
            .main("about/index.html")
            .contains("<a href=\"../draft/index.html\">coming soon</a>")
    );
}

#[test]
fn link_error_in_a_case_study_names_its_path() {
    let project = Project::full();
    let line = project.append("case-studies/outreach.md", "See [who](../who.md).");
    fails(&project)
        .assert_place("case-studies/outreach.md", line)
        .assert_stderr("who.md");
}

#[test]
fn link_to_a_missing_static_file_is_an_error() {
    let project = Project::full();
    let line = project.append("about.md", "![Logo](static/images/logo.png)");
    fails(&project)
        .assert_place("about.md", line)
        .assert_stderr("logo.png");
}

#[test]
fn link_error_line_counts_the_front_matter_and_crlf_lines() {
    let project = Project::full();
    let page = "---\r\ntitle: Windows page\r\nsummary: Saved with CRLF.\r\n---\r\n\r\nFirst.\r\n\r\n| a | b |\r\n|---|---|\r\n| [x](nope.md) | y |\r\n";
    project.write("windows.md", page);
    fails(&project).assert_place_col("windows.md", 10, 3);
}

// Several faults at once

#[test]
fn all_errors_of_a_run_are_reported_together_sorted_by_file() {
    let project = Project::full();
    // Found in this order: report.yaml, then pages, then glossary.yaml.
    let report_line = project.append("report.yaml", "colour: blue");
    project.write("about.md", "---\nsummary: No title.\n---\n\nBody.\n");
    let glossary_line = project.append(
        "glossary.yaml",
        "- term: Free school meals\n  definition: Again.",
    );
    let run = fails(&project);
    run.assert_stderr("colour")
        .assert_place("report.yaml", report_line)
        .assert_place("glossary.yaml", glossary_line)
        .assert_stderr("about.md:")
        .assert_stderr("3 errors");
    let about = run.stderr.find("about.md:").unwrap();
    let glossary = run
        .stderr
        .find(&format!("glossary.yaml:{glossary_line}"))
        .unwrap();
    let report = run
        .stderr
        .find(&format!("report.yaml:{report_line}"))
        .unwrap();
    assert!(
        about < glossary && glossary < report,
        "sorted by file:\n{}",
        run.stderr
    );
}

#[test]
fn link_errors_in_two_pages_are_reported_together_in_file_order() {
    let project = Project::full();
    let who = project.append("who-gets-in.md", "[a](missing-one.md)");
    let about = project.append("about.md", "[b](missing-two.md)");
    let run = fails(&project);
    run.assert_place("about.md", about)
        .assert_place("who-gets-in.md", who)
        .assert_stderr("2 errors");
    assert!(run.stderr.find("about.md:").unwrap() < run.stderr.find("who-gets-in.md:").unwrap());
}

// The output folder

#[test]
fn output_folder_equal_to_the_source_is_refused() {
    let project = Project::full();
    let before = project.source_files();
    project
        .run(&["build", "src", "-o", "src"])
        .assert_source_error()
        .assert_stderr("source folder");
    assert!(project.source_files() == before, "the source was changed");
}

#[test]
fn output_folder_inside_the_source_is_refused() {
    let project = Project::full();
    let before = project.source_files();
    project
        .run(&["build", "src", "-o", "src/public"])
        .assert_source_error()
        .assert_stderr("inside the source folder");
    assert!(!project.src().join("public").exists());
    assert!(project.source_files() == before, "the source was changed");
}

#[test]
fn output_folder_containing_the_source_is_refused() {
    let project = Project::full();
    let before = project.source_files();
    project
        .run(&["build", "src", "-o", "."])
        .assert_source_error()
        .assert_stderr("contains the source folder");
    assert!(project.source_files() == before, "the source was changed");
}

#[test]
fn output_folder_with_files_ladder_did_not_write_is_left_untouched() {
    let project = Project::full();
    let docs = project.root().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("keep.txt"), "my own notes\n").unwrap();
    std::fs::write(docs.join("sub/index.html"), "<p>mine</p>\n").unwrap();
    let before = common::files_under(&docs);
    project
        .run(&["build", "src", "-o", "docs"])
        .assert_source_error()
        .assert_stderr("docs");
    assert!(common::files_under(&docs) == before, "docs/ was changed");
    // Nothing was written beside it either.
    let mut names: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["docs", "src"]);
}

#[test]
fn an_empty_existing_output_folder_is_fine() {
    let project = Project::full();
    std::fs::create_dir_all(project.out()).unwrap();
    project.build_ok(&[]);
    assert!(project.has("index.html"));
}

// A failed build leaves the previous output exactly as it was (FORMAT.md section 11).

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    type Breakage = fn(&Project);
    let breakages: [(&str, Breakage); 4] = [
        ("broken link", |p| {
            p.append("about.md", "[gone](gone.md)");
        }),
        ("bad report.yaml", |p| {
            p.append("report.yaml", "titel: typo");
        }),
        ("page without title", |p| {
            p.write("about.md", "---\nsummary: x\n---\n");
        }),
        ("missing consent", |p| {
            p.replace("case-studies/outreach.md", "consent: true\n", "");
        }),
    ];
    for (what, breakage) in breakages {
        let project = Project::full();
        project.build_ok(&[]);
        let before = project.output_files();
        assert!(before.contains_key("index.html"));
        breakage(&project);
        let run = project.build(&[]);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        let after = project.output_files();
        assert_eq!(
            before.keys().collect::<Vec<_>>(),
            after.keys().collect::<Vec<_>>(),
            "{what}: the file list changed"
        );
        for (path, bytes) in &before {
            assert!(after[path] == *bytes, "{what}: {path} changed");
        }
        let mut beside: Vec<String> = std::fs::read_dir(project.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        beside.sort();
        assert_eq!(
            beside,
            ["public", "src"],
            "{what}: leftovers beside the output"
        );
    }
}

// `check`

#[test]
fn check_reports_errors_and_writes_nothing() {
    let project = Project::full();
    project.run(&["check", "src"]).assert_ok().assert_quiet();
    let line = project.append("about.md", "[gone](gone.md)");
    project
        .run(&["check", "src"])
        .assert_source_error()
        .assert_place("about.md", line);
    let mut names: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["src"], "check wrote something");
}

// Bugs found while writing these tests. Each is ignored until fixed; the reason says
// what is wrong.

#[test]
fn non_number_weight_is_explained_in_plain_english() {
    let project = Project::full();
    let line = project.replace("about.md", "summary: How", "weight: first\nsummary: How");
    let run = fails(&project);
    run.assert_place("about.md", line);
    assert!(!run.stderr.contains("i64"), "jargon in:\n{}", run.stderr);
    assert!(
        run.stderr.contains("number"),
        "should say a number is expected:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("indentation"),
        "misleading hint:\n{}",
        run.stderr
    );
}

#[test]
fn duplicate_key_message_has_no_library_jargon() {
    let project = Project::minimal();
    let line = project.append("report.yaml", "year: 2026");
    let run = fails(&project);
    run.assert_place("report.yaml", line).assert_stderr("year");
    assert!(
        !run.stderr.contains("DuplicateKeyPolicy"),
        "jargon in:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("Options"),
        "jargon in:\n{}",
        run.stderr
    );
}

#[test]
fn a_page_that_fails_to_load_is_not_reported_again_by_the_links_to_it() {
    let project = Project::full();
    // who-gets-in.md is linked from index.md, who-gets-on.md and case-studies/mentoring.md.
    project.replace("who-gets-in.md", "title: Who gets in\n", "");
    let run = fails(&project);
    run.assert_stderr("who-gets-in.md:")
        .assert_stderr("no title");
    for linking in ["index.md", "who-gets-on.md", "case-studies/mentoring.md"] {
        assert!(
            !run.stderr.contains(&format!("--> {linking}:")),
            "a knock-on error is reported in {linking}:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("1 error"), "{}", run.stderr);
}

// Settings that would reach outside the source folder

#[test]
fn a_theme_outside_the_source_folder_is_an_error_at_its_line() {
    for theme in ["/", "..", "../elsewhere", "static/../../x"] {
        let project = Project::full();
        let line = project.replace(
            "report.yaml",
            "theme: default",
            &format!("theme: \"{theme}\""),
        );
        fails(&project)
            .assert_place("report.yaml", line)
            .assert_stderr(&format!(
                "the theme folder `{theme}` is outside the source folder"
            ))
            .assert_stderr("must be a folder inside the report's source folder");
    }
}

#[cfg(unix)]
#[test]
fn a_theme_that_links_outside_the_source_folder_is_an_error_at_its_line() {
    let project = Project::full();
    let elsewhere = project.root().join("elsewhere");
    std::fs::create_dir_all(elsewhere.join("templates")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, project.src().join("mytheme")).unwrap();
    let line = project.replace("report.yaml", "theme: default", "theme: mytheme");
    fails(&project)
        .assert_place("report.yaml", line)
        .assert_stderr("the theme folder `mytheme` is a link to")
        .assert_stderr("outside the source folder");
}

// Data

#[test]
fn a_count_larger_than_any_number_of_people_names_its_row_and_column() {
    let project = Project::full();
    let line = project.replace(
        "data/survey.csv",
        "2025,lower,80",
        "2025,lower,99999999999999999999",
    );
    // The row's line, and the column by name (as for every bad count).
    fails(&project)
        .assert_place("data/survey.csv", line)
        .assert_stderr("the count `99999999999999999999` in column `count` is too large")
        .assert_stderr("a count of people cannot be more than 10,000,000,000")
        .assert_stderr("check the figure in the original");
}
