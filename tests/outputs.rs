//! The print view, search and the single-file export (FORMAT.md sections 11 and 12).

mod common;

use std::collections::BTreeSet;

use common::Project;

/// Every `id="…"` of a page.
fn ids(html: &str) -> Vec<String> {
    html.match_indices(" id=\"")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
        .collect()
}

#[test]
fn the_print_view_has_every_page_in_reading_order_with_unique_ids() {
    let project = Project::full();
    project.build_ok(&[]);
    let print = project.page("print/index.html");
    let home = project.page("index.html");
    // The navigation order of the site, as the home page lists it.
    let nav: Vec<&str> = ["Home", "Who gets in", "Who gets on"]
        .into_iter()
        .filter(|t| home.contains(t) || *t == "Home")
        .collect();
    let mut last = 0;
    for title in nav.iter().skip(1) {
        let at = print[last..]
            .find(&format!(">{title}</h2>"))
            .map(|i| i + last);
        assert!(
            at.is_some(),
            "{title} is in the print view after the pages before it"
        );
        last = at.unwrap_or(last);
    }
    let all = ids(&print);
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "ids are unique in the print view");
    // Exactly one h1; page titles are h2.
    assert_eq!(print.matches("<h1").count(), 1);
    assert!(print.contains("class=\"print-page__title\""));
}

#[test]
fn the_search_index_is_a_script_loaded_only_by_the_search_page() {
    let project = Project::charts();
    let run = project.build_ok(&[]);
    assert!(run.stdout.contains("search index"), "{}", run.stdout);
    let index = project.page("search/index.js");
    assert!(index.starts_with("window.LADDER_SEARCH = ["));
    assert!(
        index.contains("\"title\":\"Who gets on\""),
        "pages are indexed"
    );
    let search = project.page("search/index.html");
    assert!(search.contains("<script src=\"index.js\"></script>"));
    assert!(
        search.contains("All pages"),
        "readers without JavaScript get a list of pages"
    );
    for (path, bytes) in project.output_files() {
        if path.ends_with(".html") && path != "search/index.html" {
            assert!(
                !String::from_utf8_lossy(&bytes).contains("<script"),
                "{path} loads a script"
            );
        }
    }
    // The planted pay of four people never reaches the index.
    assert!(!index.contains("54321") && !index.contains("54,321"));
}

#[test]
fn the_single_file_refers_to_no_other_file_or_host() {
    let project = Project::charts();
    let run = project.build_ok(&["--single-file", "report.html"]);
    assert!(run.stdout.contains("report.html"), "{}", run.stdout);
    let html =
        std::fs::read_to_string(project.root().join("report.html")).expect("the single file");
    assert!(html.contains("<style>"), "styles are inline");
    assert!(
        !html.contains("<link"),
        "no stylesheet or other file is linked"
    );
    assert!(!html.contains("<script"));
    for (attr, quote) in [(" href=\"", '"'), (" src=\"", '"')] {
        for (at, m) in html.match_indices(attr) {
            let rest = &html[at + m.len()..];
            let value = &rest[..rest.find(quote).unwrap_or(0)];
            let inside = value.starts_with('#') || value.starts_with("data:");
            let web_link = attr == " href=\""
                && (value.starts_with("https://")
                    || value.starts_with("http://")
                    || value.starts_with("mailto:"));
            assert!(inside || web_link, "the single file refers to {value}");
        }
    }
    // Every in-file link lands on an id of the file.
    let all: BTreeSet<String> = ids(&html).into_iter().collect();
    for (at, m) in html.match_indices(" href=\"#") {
        let rest = &html[at + m.len()..];
        let id = &rest[..rest.find('"').unwrap_or(0)];
        assert!(
            id.is_empty() || all.contains(id),
            "#{id} is not in the file"
        );
    }
    // Every page is in it, figures included, and nothing withheld.
    for title in ["Who gets on", "Figure 1"] {
        assert!(html.contains(title), "{title}");
    }
    assert!(!html.contains("54321") && !html.contains("54,321"));
}

#[test]
fn the_single_file_may_not_be_written_into_the_source() {
    let project = Project::minimal();
    let run = project.build(&["--single-file", "src/report.html"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("inside the source folder"),
        "{}",
        run.stderr
    );
    assert!(!project.root().join("src/report.html").exists());
}
