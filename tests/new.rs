//! `ladder new DIR` (FORMAT.md section 11): the starter source it writes builds and
//! checks cleanly and uses every part of the format; it never writes into a folder that
//! already holds something.

mod common;

use common::{Project, files_under, run_in};

/// `ladder new report` in a fresh temporary folder, as `src`-less project.
fn new_report() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["new", "report"]);
    run.assert_ok().assert_quiet();
    assert!(run.stdout.contains("_README.md"), "{}", run.stdout);
    assert!(run.stdout.contains("ladder serve report"), "{}", run.stdout);
    let report = dir.path().join("report");
    (dir, report)
}

#[test]
fn the_new_source_builds_and_checks_without_errors_or_warnings() {
    let (dir, report) = new_report();
    for file in [
        "_README.md",
        "report.yaml",
        "index.md",
        "who-works-here.md",
        "what-we-are-doing.md",
        "case-studies/_index.md",
        "case-studies/work-shadowing.md",
        "glossary.yaml",
        "data/workforce.csv",
        "data/workforce.meta.yaml",
        "checklist.yaml",
        "submissions/employer-index.yaml",
        "answers/data-collection.md",
    ] {
        assert!(report.join(file).is_file(), "{file} was not written");
    }
    let run = run_in(dir.path(), &["build", "report", "-o", "public"]);
    run.assert_ok().assert_quiet();
    run_in(dir.path(), &["check", "report"])
        .assert_ok()
        .assert_quiet();

    let out = dir.path().join("public");
    for page in [
        "index.html",
        "who-works-here/index.html",
        "what-we-are-doing/index.html",
        "case-studies/index.html",
        "case-studies/work-shadowing/index.html",
        "glossary/index.html",
        "data/workforce/index.html",
        "data/workforce.csv",
        "checklist/index.html",
        "submissions/employer-index/index.html",
        "submissions/employer-index.txt",
        "404.html",
    ] {
        assert!(out.join(page).is_file(), "{page} was not built");
    }
    // Answer files are part of the submission, not pages; the notes file is for the
    // author, not the site.
    assert!(!out.join("answers").exists());
    assert!(
        !files_under(&out)
            .keys()
            .any(|name| name.to_lowercase().contains("readme")),
        "_README.md was published"
    );
}

#[test]
fn the_new_source_shows_every_feature() {
    let (dir, report) = new_report();
    let config = std::fs::read_to_string(report.join("report.yaml")).unwrap();
    for key in [
        "\ntitle:",
        "\norganisation:",
        "\nyear:",
        "\npublished:",
        "\ndisclosure:",
        "\ngroups:",
        "\nlabels:",
        "\norder:",
        "\nstats:",
        "change: year",
        "share: {seb: lower}",
        "sum: count",
    ] {
        assert!(config.contains(key), "report.yaml lacks {key:?}");
    }
    let pages: String = ["index.md", "who-works-here.md", "what-we-are-doing.md"]
        .iter()
        .map(|p| std::fs::read_to_string(report.join(p)).unwrap())
        .collect();
    for block in ["```chart", "```figures", "```timeline", "{{ lower_share }}"] {
        assert!(pages.contains(block), "the pages lack {block}");
    }
    let case = std::fs::read_to_string(report.join("case-studies/work-shadowing.md")).unwrap();
    for key in [
        "organisation:",
        "people:",
        "consent: true",
        "figures:",
        "lessons:",
        "tags:",
    ] {
        assert!(case.contains(key), "the case study lacks {key}");
    }
    let readme = std::fs::read_to_string(report.join("_README.md")).unwrap();
    assert!(readme.contains("What to edit first"), "{readme}");
    assert!(readme.contains("synthetic"), "{readme}");

    run_in(dir.path(), &["build", "report", "-o", "public"]).assert_ok();
    let out = dir.path().join("public");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<svg"), "the home page has no chart");
    assert!(
        home.contains("synthetic"),
        "the figures are not labelled synthetic"
    );
    assert!(!home.contains("{{"), "a stat was left unreplaced");
    let withheld = std::fs::read_to_string(out.join("who-works-here/index.html")).unwrap();
    assert!(
        withheld.contains("[c]"),
        "no figure shows disclosure control"
    );
    let glossary = std::fs::read_to_string(out.join("glossary/index.html")).unwrap();
    assert!(glossary.contains("Socio-economic background"));
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_and_leaves_it_alone() {
    let project = Project::minimal();
    let before = project.source_files();
    let run = project.run(&["new", "src"]);
    run.assert_source_error().assert_stderr("not empty");
    assert!(run.stderr.contains("Nothing was written"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert_eq!(project.source_files(), before, "new changed the folder");

    // A file in the way is refused too.
    std::fs::write(project.root().join("notes.txt"), "mine").unwrap();
    let run = project.run(&["new", "notes.txt"]);
    run.assert_source_error();
    assert_eq!(
        std::fs::read_to_string(project.root().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn new_writes_into_an_empty_folder_and_needs_a_folder_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    run_in(dir.path(), &["new", "empty"]).assert_ok();
    assert!(dir.path().join("empty/report.yaml").is_file());

    let run = run_in(dir.path(), &["new"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
}

#[test]
fn help_lists_new_and_serve() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--help"]);
    run.assert_ok();
    assert!(run.stdout.contains("new"), "{}", run.stdout);
    assert!(run.stdout.contains("serve"), "{}", run.stdout);
}
