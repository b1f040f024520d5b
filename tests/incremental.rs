//! The rebuilds of `ladder serve` (`build_incremental`): after any edit, the folder it
//! updated in place holds exactly the files a clean `ladder build` writes, and only the
//! pages the edit affects were rendered again.

mod common;

use std::path::Path;

use common::{Project, files_under};
use ladder::build::{BuildOptions, Silent, build, build_incremental};
use ladder::incremental::Cache;

fn options(src: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        source: src.to_path_buf(),
        out: out.to_path_buf(),
        drafts: false,
        write: true,
        single_file: None,
    }
}

/// Rebuilds incrementally into `<tmp>/live`, builds from scratch into `<tmp>/clean`, and
/// asserts the two folders are byte-identical. Returns the number of bodies rendered.
fn rebuild_and_compare(project: &Project, cache: &mut Cache, what: &str) -> usize {
    let live = project.root().join("live");
    let clean = project.root().join("clean");
    let report = build_incremental(&options(&project.src(), &live), &Silent, cache);
    assert!(
        !report.diagnostics.has_errors(),
        "{what}: {:?}",
        report.diagnostics.sorted()
    );
    let fresh = build(&options(&project.src(), &clean));
    assert!(!fresh.diagnostics.has_errors());
    let (a, b) = (files_under(&live), files_under(&clean));
    let a_names: Vec<&String> = a.keys().collect();
    let b_names: Vec<&String> = b.keys().collect();
    assert_eq!(a_names, b_names, "{what}: the files differ");
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{what}: {name} differs from a clean build"
        );
    }
    assert_eq!(
        report.diagnostics.sorted(),
        fresh.diagnostics.sorted(),
        "{what}: the warnings differ from a clean build"
    );
    cache.rendered
}

#[test]
fn every_edit_gives_the_site_a_clean_build_gives() {
    let project = Project::charts();
    let mut cache = Cache::new();
    let pages = rebuild_and_compare(&project, &mut cache, "first build");
    assert_eq!(pages, 4, "the first build renders every body: 4 pages");
    assert_eq!(
        rebuild_and_compare(&project, &mut cache, "no change"),
        0,
        "nothing changed, so nothing is rendered"
    );

    // The text of one page: that page's body.
    project.append("pay.md", "\nOne more sentence about pay.\n");
    assert_eq!(rebuild_and_compare(&project, &mut cache, "pay.md text"), 1);
    assert_eq!(cache.files_written, 3, "pay/index.html, print and search");

    // One data table: only the page that charts it.
    let before = project.source("data/pay.csv");
    project.write("data/pay.csv", before.replace("26000", "26500"));
    let rendered = rebuild_and_compare(&project, &mut cache, "pay.csv");
    assert_eq!(rendered, 1, "only pay.md names the pay table");

    // A title: every page's navigation changes, bodies do not.
    project.replace("pay.md", "title: Pay\n", "title: Pay and grades\n");
    rebuild_and_compare(&project, &mut cache, "a title");
    assert!(
        cache.files_written > 5,
        "every page shows the new title in its menu"
    );

    // A heading (an anchor other pages may link to): every body is checked again.
    project.append("pay.md", "\n## A new heading\n\nText.\n");
    rebuild_and_compare(&project, &mut cache, "a heading");

    // The settings: everything.
    project.replace("report.yaml", "title:", "title: Renamed -");
    rebuild_and_compare(&project, &mut cache, "report.yaml");

    // A new page, then the page removed again.
    project.write("extra.md", "---\ntitle: Extra\n---\n\nAn extra page.\n");
    rebuild_and_compare(&project, &mut cache, "a new page");
    assert!(project.root().join("live/extra/index.html").is_file());
    project.remove("extra.md");
    rebuild_and_compare(&project, &mut cache, "the page removed");
    assert!(!project.root().join("live/extra/index.html").exists());
    assert_eq!(cache.files_removed, 1);
}

#[test]
fn warnings_of_pages_taken_from_the_cache_are_reported_again() {
    let project = Project::full();
    project.append(
        "about.md",
        "\n[a link](https://example.org) with <b>raw html</b>\n",
    );
    let mut cache = Cache::new();
    let out = project.root().join("live");
    let first = build_incremental(&options(&project.src(), &out), &Silent, &mut cache);
    let warnings = first.diagnostics.warning_count();
    assert!(warnings > 0, "raw HTML is escaped with a warning");
    let second = build_incremental(&options(&project.src(), &out), &Silent, &mut cache);
    assert_eq!(cache.rendered, 0);
    assert_eq!(second.diagnostics.warning_count(), warnings);
}

#[test]
fn a_failed_rebuild_leaves_the_live_site_as_it_was() {
    let project = Project::charts();
    let mut cache = Cache::new();
    rebuild_and_compare(&project, &mut cache, "first build");
    let live = project.root().join("live");
    let before = files_under(&live);
    project.append("pay.md", "\n[broken](nowhere.md)\n");
    let report = build_incremental(&options(&project.src(), &live), &Silent, &mut cache);
    assert!(report.diagnostics.has_errors());
    assert_eq!(files_under(&live), before);
    // Fixed again: the site is right.
    project.replace("pay.md", "\n[broken](nowhere.md)\n", "\n");
    rebuild_and_compare(&project, &mut cache, "fixed");
}
