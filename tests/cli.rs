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
