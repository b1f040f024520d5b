//! The command line itself: help, bad flags and exit statuses (FORMAT.md section 11), and
//! the example report that ships in `content/`.

mod common;

use common::{Project, run_in};

#[test]
fn top_level_help_lists_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["--help"]);
    run.assert_ok();
    assert!(run.stdout.contains("build"), "{}", run.stdout);
    assert!(run.stdout.contains("check"), "{}", run.stdout);
}

#[test]
fn build_help_lists_its_options() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["build", "--help"]);
    run.assert_ok();
    for option in ["--out", "-o", "--drafts", "SOURCE"] {
        assert!(
            run.stdout.contains(option),
            "{option} missing:\n{}",
            run.stdout
        );
    }
    // Help writes nothing.
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn a_bad_flag_exits_with_status_2() {
    let project = Project::minimal();
    let run = project.run(&["build", "src", "--bogus"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--bogus"), "{}", run.stderr);
    assert!(!project.out().exists());
    assert!(!project.root().join("public").exists());
}

#[test]
fn an_unknown_command_or_none_exits_with_status_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_in(dir.path(), &["publish"]).code, Some(2));
    assert_eq!(run_in(dir.path(), &[]).code, Some(2));
}

#[test]
fn a_missing_source_folder_exits_with_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["build", "nowhere", "-o", "public"]);
    run.assert_source_error().assert_stderr("nowhere");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn build_defaults_to_content_and_public() {
    let project = Project::minimal();
    std::fs::rename(project.src(), project.root().join("content")).unwrap();
    project.run(&["build"]).assert_ok();
    assert!(project.root().join("public/index.html").is_file());
}

#[test]
fn the_example_report_builds_without_errors_or_warnings() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let project = Project::copy_of(&content);
    let run = project.build(&[]);
    run.assert_ok().assert_quiet();
    assert!(project.has("index.html"));
    assert!(project.has("404.html"));
    assert!(project.has("glossary/index.html"));
    assert!(project.has("case-studies/index.html"));
    // `check` agrees.
    project.run(&["check", "src"]).assert_ok().assert_quiet();
}

#[test]
fn a_build_ends_with_a_one_line_summary() {
    let project = Project::charts();
    let run = project.build_ok(&[]);
    let last = run.stdout.lines().last().unwrap_or_default();
    for words in [
        "Built ",
        " pages, ",
        " charts, ",
        " data tables (",
        " withheld)",
        " into public in ",
        " files, ",
        "search index ",
    ] {
        assert!(
            last.contains(words),
            "{words:?} missing from the summary: {last}"
        );
    }
    assert_eq!(run.stdout.lines().count(), 1, "one line: {}", run.stdout);
}

#[test]
fn quiet_prints_errors_only() {
    let project = Project::full();
    project.append("about.md", "\nSome <b>raw html</b>.\n");
    let loud = project.build(&[]);
    loud.assert_ok();
    assert!(loud.stderr.contains("warning"), "{}", loud.stderr);
    let quiet = project.build(&["-q"]);
    quiet.assert_ok();
    assert_eq!(quiet.stdout, "", "no summary");
    assert_eq!(quiet.stderr, "", "no warnings");
    // Errors are still printed.
    project.append("about.md", "\n[broken](nowhere.md)\n");
    let failed = project.build(&["--quiet"]);
    assert_eq!(failed.code, Some(1));
    assert!(failed.stderr.contains("nowhere.md"), "{}", failed.stderr);
    assert!(!failed.stderr.contains("warning"), "{}", failed.stderr);
}

#[test]
fn format_json_gives_one_object_with_every_problem() {
    let project = Project::minimal();
    project.append("index.md", "\n[broken](nowhere.md)\n\n<b>raw</b>\n");
    for command in [
        &["build", "src", "-o", "public", "--format", "json"][..],
        &["check", "src", "--format", "json"][..],
    ] {
        let run = project.run(command);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert_eq!(run.stderr, "", "nothing but the JSON is printed");
        let value: serde_json::Value =
            serde_json::from_str(run.stdout.trim()).expect("one JSON object");
        assert_eq!(value["ok"], false);
        assert_eq!(value["errors"], 1);
        assert_eq!(value["warnings"], 1);
        let problems = value["diagnostics"].as_array().expect("a list");
        assert_eq!(problems.len(), 2);
        let error = problems
            .iter()
            .find(|d| d["severity"] == "error")
            .expect("the error");
        assert_eq!(error["path"], "index.md");
        assert!(error["line"].as_u64().is_some_and(|l| l > 1));
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|m| m.contains("nowhere.md"))
        );
        assert!(error["hint"].is_string());
    }
}

#[test]
fn timings_list_every_phase() {
    let project = Project::charts();
    let run = project.build_ok(&["--timings"]);
    for phase in [
        "load",
        "markdown and charts",
        "page templates",
        "write",
        "total",
    ] {
        assert!(
            run.stderr.contains(phase),
            "{phase} missing: {}",
            run.stderr
        );
    }
}
